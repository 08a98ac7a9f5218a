import csv
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort
import pytest
import torch

from conftest import PYTHON_ROOT, TINY_SEG_MODEL, make_run_dir, run_runner, runner_env
from events_contract import check_stream


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory, seg_dataset):
    """One 2-epoch binary segmentation run, shared by the tests that read its results."""
    run_dir = make_run_dir(tmp_path_factory.mktemp("e2e") / "run", seg_dataset, loss="bce_dice", schedule="cosine")
    code, events, stderr = run_runner(run_dir)
    assert code == 0, stderr
    return run_dir, events


def test_binary_segmentation_run_end_to_end(finished_run):
    run_dir, events = finished_run
    check_stream(events)
    kinds = [e["type"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "end"
    start = events[0]
    assert start["device"] == "cpu" and start["threads"] == 1 and start["train_count"] == 8 and start["val_count"] == 4
    epochs = [e for e in events if e["type"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [1, 2]
    assert all(0 <= e["val_iou"] <= 1 and 0 <= e["val_dice"] <= 1 for e in epochs)
    assert epochs[1]["lr"] < epochs[0]["lr"]  # cosine schedule
    progress = [e for e in events if e["type"] == "progress"]
    assert progress and progress[-1]["step"] == progress[-1]["steps"] == 2
    end = events[-1]
    assert end["status"] == "succeeded" and end["epochs_completed"] == 2
    assert end["best"]["val_iou"] == max(e["val_iou"] for e in epochs)
    for name in ("checkpoint.pt", "best.pt", "final.pt", "model.onnx", "metrics.csv", "log.txt"):
        assert (run_dir / name).is_file(), name
        assert name in end["artifacts"]
    rows = list(csv.DictReader(open(run_dir / "metrics.csv")))
    assert [int(r["epoch"]) for r in rows] == [1, 2] and float(rows[1]["val_iou"]) == pytest.approx(epochs[1]["val_iou"])
    assert "epoch epoch=2" in (run_dir / "log.txt").read_text()


def test_onnx_export_runs_in_onnxruntime_like_the_best_checkpoint(finished_run):
    run_dir, _ = finished_run
    namespace: dict = {}
    exec((run_dir / "model.py").read_text(), namespace)
    model = namespace["Model"]()
    model.load_state_dict(torch.load(run_dir / "best.pt", weights_only=True))
    model.eval()
    x = torch.randn(3, 3, 32, 32)  # another batch size than the export's: the batch axis is dynamic
    session = ort.InferenceSession(str(run_dir / "model.onnx"), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"input": x.numpy()})
    with torch.no_grad():
        np.testing.assert_allclose(got, model(x).numpy(), atol=1e-4, rtol=1e-4)


def test_classification_run_reports_accuracy(tmp_path, cls_dataset):
    run_dir = make_run_dir(tmp_path / "run", cls_dataset, task="classification", shape=(3, 16, 16), num_classes=3,
                           epochs=3, lr=0.05, optimizer="SGD", augment={"hflip": True, "color_jitter": 0.1})
    code, events, stderr = run_runner(run_dir)
    assert code == 0, stderr
    check_stream(events)
    last = [e for e in events if e["type"] == "epoch"][-1]
    assert 0 <= last["val_acc"] <= 1 and "val_dice" not in last
    assert events[-1]["best"]["val_acc"] >= 0.5  # three colours are easy after three epochs


def test_resume_continues_exactly_where_the_checkpoint_left_off(tmp_path, seg_dataset):
    straight = make_run_dir(tmp_path / "straight", seg_dataset, epochs=2, augment={"hflip": True, "rotate": 20})
    assert run_runner(straight)[0] == 0
    resumed = make_run_dir(tmp_path / "resumed", seg_dataset, epochs=1, augment={"hflip": True, "rotate": 20})
    assert run_runner(resumed)[0] == 0
    make_run_dir(resumed, seg_dataset, epochs=2, resume="checkpoint.pt", augment={"hflip": True, "rotate": 20})
    code, events, stderr = run_runner(resumed)
    assert code == 0, stderr
    assert events[0]["start_epoch"] == 2
    assert [e["epoch"] for e in events if e["type"] == "epoch"] == [2]
    a = torch.load(straight / "final.pt", weights_only=True)
    b = torch.load(resumed / "final.pt", weights_only=True)
    for key in a:
        torch.testing.assert_close(a[key], b[key], msg=key)
    rows = list(csv.DictReader(open(resumed / "metrics.csv")))
    assert [int(r["epoch"]) for r in rows] == [1, 2]


def test_sigterm_cancels_within_seconds(tmp_path, seg_dataset):
    run_dir = make_run_dir(tmp_path / "run", seg_dataset, epochs=10000, batch_size=1)
    proc = subprocess.Popen([sys.executable, "-m", "layerwise_trainer.run", str(run_dir)], cwd=PYTHON_ROOT,
                            env=runner_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = []
        for line in proc.stdout:  # wait for training to be under way
            lines.append(line)
            if '"type": "progress"' in line:
                break
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        for line in proc.stdout:  # the closing event
            lines.append(line)
            if '"type": "end"' in line or '"type": "error"' in line:
                break
        stopped = time.monotonic() - sent
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    events = [json.loads(x) for x in lines if x.strip()]
    check_stream(events)
    assert events[-1]["type"] == "end" and events[-1]["status"] == "cancelled"
    assert stopped < 5, f"took {stopped:.1f} s to stop"  # one batch + the watchdog's 3 s at worst
    assert not (run_dir / "final.pt").exists()


def test_a_spare_runner_imports_ahead_then_trains_the_run_named_on_stdin_in_its_directory(tmp_path, seg_dataset):
    run_dir = make_run_dir(tmp_path / "run", seg_dataset, epochs=2)
    proc = subprocess.Popen([sys.executable, "-m", "layerwise_trainer.run", "--wait"], cwd=tmp_path,
                            env=runner_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr.readline().strip() == "layerwise-runner: ready"
        assert proc.poll() is None  # waits for its run
        proc.stdin.write(f"{run_dir}\n")
        proc.stdin.close()
        lines, cwd = [], None
        for line in proc.stdout:
            lines.append(line)
            if cwd is None and '"type": "progress"' in line:
                cwd = os.readlink(f"/proc/{proc.pid}/cwd")
        proc.wait(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert cwd == str(run_dir)  # where the worker looks for a run's processes
    events = [json.loads(line) for line in lines if line.strip()]
    check_stream(events)
    assert events[-1]["type"] == "end" and events[-1]["status"] == "succeeded"
    assert [e["epoch"] for e in events if e["type"] == "epoch"] == [1, 2]


def test_a_spare_runner_exits_quietly_when_stdin_closes_before_a_run(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "layerwise_trainer.run", "--wait"], cwd=tmp_path, env=runner_env(),
                          input="", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == ""


def test_syntax_error_in_model_is_an_error_event_and_exit_2(tmp_path, seg_dataset):
    run_dir = make_run_dir(tmp_path / "run", seg_dataset, model="import torch\nclass Broken(:\n")
    code, events, _ = run_runner(run_dir)
    assert code == 2
    check_stream(events)
    assert events[-1]["type"] == "error" and events[-1]["code"] == "bad-model"
    assert "model.py line 2" in events[-1]["message"]


def test_wrong_head_is_refused_before_training(tmp_path, seg_dataset):
    run_dir = make_run_dir(tmp_path / "run", seg_dataset, model=TINY_SEG_MODEL.format(out=2))
    code, events, _ = run_runner(run_dir)
    assert code == 2 and events[-1]["code"] == "bad-model"
    assert "needs an output of shape [1, 32, 32]" in events[-1]["message"]
    assert not any(e["type"] == "epoch" for e in events)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"task": "regression"}, "task must be one of"),
        ({"config": {"optimizer": "Adagrad"}}, "config.optimizer must be one of"),
        ({"dataset": {"id": "x", "path": "/nonexistent/dataset"}}, "does not exist"),
        ({"resume": "checkpoint.pt"}, "checkpoint.pt"),
    ],
)
def test_bad_run_json_is_an_error_event_and_exit_2(tmp_path, seg_dataset, change, message):
    run_dir = make_run_dir(tmp_path / "run", seg_dataset)
    spec = json.loads((run_dir / "run.json").read_text())
    spec.update(change)
    (run_dir / "run.json").write_text(json.dumps(spec))
    code, events, _ = run_runner(run_dir)
    assert code == 2
    check_stream(events)
    assert message in events[-1]["message"]


def test_time_limit_stops_the_run_with_exit_3(tmp_path, seg_dataset):
    run_dir = make_run_dir(tmp_path / "run", seg_dataset, epochs=10000, batch_size=1,
                           limits={"max_seconds": 3, "max_memory_mb": 4096})
    code, events, _ = run_runner(run_dir)
    assert code == 3
    assert events[-1]["type"] == "error" and events[-1]["code"] == "time-limit"


def test_memory_limit_turns_an_oversized_model_into_an_error(tmp_path, seg_dataset):
    huge = TINY_SEG_MODEL.replace("nn.Conv2d(3, 8,", "nn.Conv2d(3, 8, bias=True,").replace(
        "self.head = nn.Conv2d(8, {out}, kernel_size=1)", "self.head = nn.Conv2d(8, {out}, kernel_size=1)\n        self.big = nn.Linear(20000, 20000)"
    ).format(out=1)
    run_dir = make_run_dir(tmp_path / "run", seg_dataset, model=huge, limits={"max_seconds": 60, "max_memory_mb": 800})
    code, events, _ = run_runner(run_dir)
    assert code == 3, events[-1]
    assert events[-1]["code"] == "memory-limit"
