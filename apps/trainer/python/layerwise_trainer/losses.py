"""Training losses. Every one takes raw logits and applies the sigmoid/softmax itself."""

from __future__ import annotations

from typing import Callable

import torch
import torch.nn.functional as F

TLoss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
_EPS = 1.0


def soft_dice_binary(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """1 − soft Dice over the whole batch: logits [B, 1, H, W], target [B, H, W] of 0/1.

    Summed over the batch rather than averaged per image, so an image without nuclei does not
    dominate; +1 smoothing keeps an empty batch at a finite loss.
    """
    prob = torch.sigmoid(logits[:, 0].float())
    t = target.float()
    inter = (prob * t).sum()
    return 1 - (2 * inter + _EPS) / (prob.sum() + t.sum() + _EPS)


def soft_dice_multiclass(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """1 − mean over classes of the soft Dice: logits [B, K, H, W], target [B, H, W] indices."""
    prob = torch.softmax(logits.float(), dim=1)
    one_hot = F.one_hot(target.long(), prob.shape[1]).permute(0, 3, 1, 2).float()
    dims = (0, 2, 3)
    inter = (prob * one_hot).sum(dims)
    dice = (2 * inter + _EPS) / (prob.sum(dims) + one_hot.sum(dims) + _EPS)
    return 1 - dice.mean()


def bce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits[:, 0].float(), target.float())


def make_loss(name: str, task: str) -> TLoss:
    """The loss function for a resolved loss name (spec.resolve_loss) and task."""
    if name == "bce":
        return bce
    if name == "dice":
        return soft_dice_binary if task == "binary-segmentation" else soft_dice_multiclass
    if name == "bce_dice":
        return lambda logits, target: bce(logits, target) + soft_dice_binary(logits, target)
    if name == "cross_entropy":
        return lambda logits, target: F.cross_entropy(logits.float(), target.long())
    raise ValueError(f"unknown loss {name!r}")
