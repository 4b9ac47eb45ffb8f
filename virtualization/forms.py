"""The virtual machine form's one rule no declared field gives: its primary addresses come from its interfaces."""

from __future__ import annotations

from core.forms import BootstrapModelForm


class VirtualMachineFormBase(BootstrapModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only addresses already on this VM's interfaces can be its primary ones.
        for name, version in (("primary_ip4", 4), ("primary_ip6", 6)):
            field = self.fields[name]
            if self.instance._state.adding:
                field.queryset = field.queryset.none()
                field.help_text = "Assign addresses to the VM's interfaces first, then choose one here."
            else:
                field.queryset = field.queryset.filter(
                    assigned_vm_interface__virtual_machine=self.instance, ip_version=version
                )
