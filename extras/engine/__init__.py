"""The jobs engine: discover, submit, run, log and reap runs; it hands work to the queue through `dispatch`."""
