"""Liveness: how the platform knows a run or a worker is still alive, and what it does when one is not.

- `heartbeats.py`: a running run's heartbeat, written by the log flusher thread of its process;
- `watchdog.py`: the backstop that stops a process whose run went past its hard time limit;
- `workers.py`: the worker registry (each worker's heartbeat, identity, free room and the runs it claimed);
- `reaper.py`: ends or hands out again the runs that can no longer finish on their own.
"""
