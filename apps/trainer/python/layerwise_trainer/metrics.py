"""Validation metrics, accumulated as counts over the whole validation set (README.md, "Metrics").

A mean of per-batch IoUs weighs a batch with three foreground pixels like one with thousands, and
changes with the batch size; summing TP/FP/FN first gives the dataset's IoU whatever the batching.
"""

from __future__ import annotations

import torch


def predictions(logits: torch.Tensor, task: str) -> torch.Tensor:
    """Hard labels: logit > 0 for binary masks ([B, 1, H, W] → [B, H, W]), arg-max otherwise."""
    if task == "binary-segmentation":
        return (logits[:, 0] > 0).long()
    return logits.argmax(dim=1)


def confusion(pred: torch.Tensor, target: torch.Tensor, num_classes: int) -> torch.Tensor:
    """[K, K] counts, rows = truth, columns = prediction (int64, on the CPU)."""
    pred, target = pred.reshape(-1).long().cpu(), target.reshape(-1).long().cpu()
    index = target * num_classes + pred
    return torch.bincount(index, minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def binary_scores(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """Foreground IoU and Dice; both 1.0 when neither truth nor prediction has foreground."""
    union = tp + fp + fn
    if union == 0:
        return 1.0, 1.0
    return tp / union, 2 * tp / (2 * tp + fp + fn)


def per_class_scores(matrix: torch.Tensor) -> tuple[list[float | None], list[float | None]]:
    """IoU_c and Dice_c for every class; None for a class absent from truth and prediction."""
    m = matrix.double()
    tp = m.diag()
    fp = m.sum(0) - tp
    fn = m.sum(1) - tp
    ious, dices = [], []
    for c in range(m.shape[0]):
        union = float(tp[c] + fp[c] + fn[c])
        if union == 0:
            ious.append(None)
            dices.append(None)
        else:
            ious.append(float(tp[c]) / union)
            dices.append(2 * float(tp[c]) / (2 * float(tp[c]) + float(fp[c]) + float(fn[c])))
    return ious, dices


def _mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else 1.0


class MetricAccumulator:
    """Sums counts batch by batch; `compute()` gives the epoch's validation metrics."""

    def __init__(self, task: str, num_classes: int):
        self.task = task
        self.k = 2 if task == "binary-segmentation" else num_classes
        self.matrix = torch.zeros(self.k, self.k, dtype=torch.int64)
        self.loss_sum = 0.0
        self.count = 0

    def update(self, logits: torch.Tensor, target: torch.Tensor, loss: float) -> None:
        """`target`: [B, H, W] class indices (0/1 for binary) or [B] labels; `loss`: batch mean."""
        pred = predictions(logits.detach().float(), self.task)
        self.matrix += confusion(pred, target, self.k)
        batch = int(target.shape[0])
        self.loss_sum += loss * batch
        self.count += batch

    def compute(self) -> dict[str, float]:
        out: dict[str, float] = {"val_loss": self.loss_sum / max(self.count, 1)}
        if self.task == "binary-segmentation":
            tp, fp, fn = (int(self.matrix[1, 1]), int(self.matrix[0, 1]), int(self.matrix[1, 0]))
            out["val_iou"], out["val_dice"] = binary_scores(tp, fp, fn)
            return out
        ious, dices = per_class_scores(self.matrix)
        out["val_iou"] = _mean(ious)
        if self.task == "classification":
            total = int(self.matrix.sum())
            out["val_acc"] = int(self.matrix.diag().sum()) / total if total else 0.0
        else:
            out["val_dice"] = _mean(dices)
        return out
