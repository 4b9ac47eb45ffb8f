"""The signed-in user's own pages: profile and API tokens (a user only ever sees their own tokens)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from users.forms import TokenCreateForm
from users.models import ObjectPermission, Token


class ProfileView(TemplateView):
    """Who the user is, which groups they belong to and which object permissions apply to them."""

    template_name = "users/profile.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["groups"] = user.groups.order_by("name")
        context["object_permissions"] = (
            ObjectPermission.objects.filter(Q(users=user) | Q(groups__user=user))
            .distinct()
            .prefetch_related("object_types")
        )
        context["token_count"] = user.tokens.count()
        return context


class TokenListView(TemplateView):
    template_name = "users/token_list.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["tokens"] = self.request.user.tokens.all()
        return context


class TokenCreateView(View):
    """Create a token and show its key in the response to that POST: the one and only time it exists."""

    template_name = "users/token_add.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": TokenCreateForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        token, key = Token.create_for(
            request.user,
            expires_in_days=form.cleaned_data["expires_in_days"],
            write_enabled=form.cleaned_data["write_enabled"],
            description=form.cleaned_data["description"],
        )
        # Rendered, not redirected: the key never goes into a URL, the session or a cache.
        response = render(request, "users/token_created.html", {"token": token, "key": key})
        response["Cache-Control"] = "no-store"
        return response


class TokenDeleteView(View):
    template_name = "users/token_delete.html"

    def get_token(self, request: HttpRequest, pk) -> Token:
        return get_object_or_404(Token, pk=pk, user=request.user)

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        return render(request, self.template_name, {"token": self.get_token(request, pk)})

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        token = self.get_token(request, pk)
        token.delete()
        messages.success(request, f"Deleted token {token.prefix}…")
        return HttpResponseRedirect(reverse("users:token_list"))
