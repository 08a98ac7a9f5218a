"""The runner: `python3 -m layerwise_trainer.run <run_dir>` (README.md, "Running")."""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path

import torch

from . import limits
from .data import TrainingData, channel_stats, load_split
from .errors import Cancelled, MemoryLimit, RunnerError, is_out_of_memory
from .events import Emitter
from .export import export_onnx
from .losses import make_loss
from .model_loader import load_model
from .optim import make_optimizer, make_scheduler
from .runtime import apply_plan, device_name, host_plan
from .spec import RunSpec, load_spec, resolve_loss
from .train_loop import Loop, resume_state, run_epochs, steps_per_epoch
from .checkpoint import atomic_save, cpu_state


class Run:
    """One attempt at a run; `finish` makes sure exactly one end/error event is written."""

    def __init__(self, run_dir: Path, emitter: Emitter):
        self.run_dir, self.emitter = run_dir, emitter
        self.cancel = threading.Event()
        self.finished = threading.Lock()
        self.loop: Loop | None = None
        self.started = time.monotonic()

    def finish(self, kind: str, **fields) -> bool:
        """Writes the closing event unless one was written; False when it already was."""
        if not self.finished.acquire(blocking=False):
            return False
        self.emitter.emit(kind, **fields)
        return True

    def end_fields(self, status: str, early: bool = False, artifacts: list[str] | None = None) -> dict:
        loop = self.loop
        best = None
        if loop is not None and loop.best is not None:
            best = {k: loop.best[k] for k in ("epoch", "val_iou", "val_dice", "val_acc") if k in loop.best}
        fields = {
            "status": status,
            "epochs_completed": len(loop.history) if loop else 0,
            "best": best,
            "seconds": round(time.monotonic() - self.started, 3),
            "peak_memory_mb": round(limits.peak_rss_mb(), 1),
            "early_stopped": early,
            "artifacts": artifacts if artifacts is not None else self.artifacts(),
        }
        if best is not None and "val_iou" in best:
            fields["best_val_iou"] = best["val_iou"]
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            fields["peak_cuda_memory_mb"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
        return fields

    def artifacts(self) -> list[str]:
        names = ("checkpoint.pt", "best.pt", "final.pt", "model.onnx", "metrics.csv", "log.txt")
        return [n for n in names if (self.run_dir / n).is_file()]

    def on_watchdog(self, kind: str) -> None:
        if kind == "cancel":
            self.finish("end", **self.end_fields("cancelled"))
            os._exit(0)
        if kind == "time":
            self.finish("error", message="time limit exceeded and the run did not stop", code="time-limit")
        else:
            self.finish("error", message="memory limit exceeded (resident memory past the budget)", code="memory-limit")
        os._exit(3)


def build_loop(run: Run, spec: RunSpec) -> Loop:
    plan = host_plan(spec.config)
    device = apply_plan(plan)
    loss_fn = make_loss(resolve_loss(spec.task, spec.config.loss), spec.task)
    torch.manual_seed(spec.config.seed)  # the initial weights follow the seed
    model = load_model(run.run_dir / "model.py")
    crops = 0 < spec.augment.crop < 1
    train_split = load_split(spec, "train", keep_full_size=crops)
    val_split = load_split(spec, "val", keep_full_size=False)
    mean, std = channel_stats(train_split)
    model = model.to(device, memory_format=torch.channels_last) if plan.channels_last else model.to(device)
    deadline = run.started + spec.max_seconds if spec.max_seconds else None
    return Loop(
        spec=spec, plan=plan, device=device, model=model, loss_fn=loss_fn,
        train_data=TrainingData(spec, train_split, mean, std, train=True),
        val_data=TrainingData(spec, val_split, mean, std, train=False),
        emitter=run.emitter, run_dir=run.run_dir, cancel=run.cancel,
        norm={"mean": mean.tolist(), "std": std.tolist(), "enabled": spec.normalize}, deadline=deadline,
    )


def start_fields(loop: Loop, first_epoch: int) -> dict:
    return {
        "device": loop.plan.device,
        "device_name": device_name(loop.device),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "epochs": loop.spec.config.epochs,
        "params": sum(p.numel() for p in loop.model.parameters() if p.requires_grad),
        "train_count": len(loop.train_data),
        "val_count": len(loop.val_data),
        "steps_per_epoch": steps_per_epoch(loop),
        "amp": loop.plan.amp_bf16,
        "start_epoch": first_epoch,
    }


def export_best(run: Run, loop: Loop) -> None:
    best_path = run.run_dir / "best.pt"
    if not best_path.is_file():
        return
    loop.model.load_state_dict(torch.load(best_path, map_location=loop.device, weights_only=True))
    try:
        diff = export_onnx(loop.model, loop.spec.shape, run.run_dir / "model.onnx")
        run.emitter.log("info", f"model.onnx written (best epoch), onnxruntime matches torch within {diff:.2g}")
    except Exception as exc:  # the weights are the product; a model ONNX cannot express still succeeds
        run.emitter.log("warn", f"ONNX export failed: {type(exc).__name__}: {exc}")


def train(run: Run, spec: RunSpec) -> int:
    loop = run.loop = build_loop(run, spec)
    opt = make_optimizer(loop.model, spec.config)
    scheduler = make_scheduler(opt, spec.config, steps_per_epoch(loop))
    first = resume_state(loop, opt, scheduler)
    run.emitter.emit("start", **start_fields(loop, first))
    if first > 1:
        run.emitter.log("info", f"resumed from checkpoint.pt after epoch {first - 1}")
    early = run_epochs(loop, opt, scheduler, first) if first <= spec.config.epochs else False
    if run.cancel.is_set():
        raise Cancelled()
    atomic_save(cpu_state(loop.model), run.run_dir / "final.pt")
    export_best(run, loop)
    run.finish("end", **run.end_fields("succeeded", early))
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python3 -m layerwise_trainer.run <run_dir> | --wait (then the run_dir on stdin)", file=sys.stderr)
        return 2
    run_dir = Path(argv[0]).resolve()
    if not run_dir.is_dir():
        Emitter().emit("error", message=f"run directory {run_dir} does not exist", code="bad-run")
        return 2
    run = Run(run_dir, Emitter(log_path=run_dir / "log.txt"))
    limits.install_cancel(run.cancel)
    watchdog = None
    spec: RunSpec | None = None
    try:
        spec = load_spec(run_dir)
        # The memory budget is watched as resident memory, on the CPU too: an address-space limit
        # (RLIMIT_AS) also counts thread stacks and allocator arenas, and torch's native thread
        # pools abort ("terminate called without an active exception") when it bites there.
        deadline = run.started + spec.max_seconds if spec.max_seconds else None
        rss_budget = limits.rss_mb() + spec.max_memory_mb if spec.max_memory_mb else None
        watchdog = limits.Watchdog(run.cancel, run.on_watchdog, deadline=deadline, rss_budget_mb=rss_budget)
        watchdog.start()
        return train(run, spec)
    except Cancelled:
        run.finish("end", **run.end_fields("cancelled"))
        return 0
    except RunnerError as exc:
        run.emitter.write_log(traceback.format_exc())
        run.finish("error", message=exc.message, code=exc.code)
        return exc.exit_code
    except BaseException as exc:  # noqa: BLE001 - every failure must reach the worker as an event
        run.emitter.write_log(traceback.format_exc())
        if is_out_of_memory(exc):
            budget = spec.max_memory_mb if spec is not None else None
            limit = MemoryLimit(f"out of memory (limit {budget} MB): {exc}")
            run.finish("error", message=limit.message, code=limit.code)
            return limit.exit_code
        run.finish("error", message=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc(), code="train-failed")
        return 1
    finally:
        if watchdog is not None:
            watchdog.done.set()
        run.emitter.close()


READY = "layerwise-runner: ready"


def wait_for_run(stdin=None) -> list[str] | None:
    """A spare runner (`run --wait`), started by the worker before a run arrives: it imports
    now what every run needs — torch, this package, and torch._dynamo, which torch.optim's
    first parameter group imports (~1.5 s on a small CPU) — says so on stderr, and then waits
    for the worker to name the run directory on stdin. None when stdin closes first."""
    import torch._dynamo  # noqa: F401

    print(READY, file=sys.stderr, flush=True)
    line = (stdin or sys.stdin).readline().strip()
    if not line:
        return None
    os.chdir(line)  # the run's processes work in its directory (the worker finds them there)
    return [line]


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv == ["--wait"]:
        handed = wait_for_run()
        if handed is None:
            os._exit(0)
        argv = handed
    code = main(argv)
    # Every event is written and every file closed: leave without the interpreter's teardown, in
    # which native thread pools (torch's, onnxruntime's) can abort the process with SIGABRT
    # ("terminate called without an active exception") after a successful run.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)
