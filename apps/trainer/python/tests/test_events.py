import layerwise_trainer.events as events
from layerwise_trainer.events import ProgressThrottle


def test_progress_throttle_passes_the_first_step_then_one_per_interval_and_always_the_last(
    monkeypatch,
):
    clock = [1000.0]
    monkeypatch.setattr(events.time, "monotonic", lambda: clock[0])
    throttle = ProgressThrottle()  # the runner's: one every 2 s
    passed = []
    for step in range(1, 21):  # one step every 0.5 s
        if throttle.ready(step, 20):
            passed.append(step)
        clock[0] += 0.5
    assert passed == [1, 5, 9, 13, 17, 20]

