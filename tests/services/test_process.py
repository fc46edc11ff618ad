"""The worker's use case in isolation: deadlines."""
from __future__ import annotations

import time

import pytest

from chalicelib.services.process import WorkerTimeout, deadline


def test_deadline_interrupts_work_that_would_outlive_the_invocation():
    with pytest.raises(WorkerTimeout), deadline(0.2):
        time.sleep(2)


def test_deadline_is_lifted_afterwards():
    with deadline(0.5):
        pass
    time.sleep(0.6)  # no stray alarm


def test_no_deadline_without_a_budget():
    with deadline(None):
        time.sleep(0.01)
