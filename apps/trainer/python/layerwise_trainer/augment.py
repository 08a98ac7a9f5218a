"""Resizing and training-time augmentation on tensors (image [C, H, W] float in [0, 1], mask
[H, W] int64). Random draws use torch's global generator, which the loop reseeds every epoch (and
DataLoader workers derive from it), so a run is repeatable and a resumed run continues the same."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .spec import Augment


def resize_image(image: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Bilinear with antialiasing when shrinking (plain bilinear would alias the chromatin)."""
    if tuple(image.shape[-2:]) == size:
        return image
    shrinking = image.shape[-2] > size[0] or image.shape[-1] > size[1]
    out = F.interpolate(image[None], size=size, mode="bilinear", align_corners=False, antialias=shrinking)
    return out[0]


def resize_mask(mask: torch.Tensor, size: tuple[int, int], binary: bool) -> torch.Tensor:
    """Binary masks shrink by area coverage ≥ 0.5 (keeps thin nuclei fair); class maps by nearest."""
    if tuple(mask.shape[-2:]) == size:
        return mask
    shrinking = mask.shape[-2] > size[0] or mask.shape[-1] > size[1]
    if binary and shrinking:
        area = F.interpolate(mask[None, None].float(), size=size, mode="area")
        return (area[0, 0] >= 0.5).long()
    return F.interpolate(mask[None, None].float(), size=size, mode="nearest")[0, 0].long()


def _rotate(image: torch.Tensor, mask: torch.Tensor | None, degrees: float):
    if degrees == 90:  # right angles lose nothing to interpolation
        k = int(torch.randint(0, 4, (1,)))
        return torch.rot90(image, k, (1, 2)), None if mask is None else torch.rot90(mask, k, (0, 1))
    angle = math.radians(float(torch.empty(1).uniform_(-degrees, degrees)))
    cos, sin = math.cos(angle), math.sin(angle)
    theta = torch.tensor([[cos, -sin, 0.0], [sin, cos, 0.0]], dtype=image.dtype)[None]
    grid = F.affine_grid(theta, [1, *image.shape], align_corners=False)
    image = F.grid_sample(image[None], grid, mode="bilinear", padding_mode="reflection", align_corners=False)[0]
    if mask is not None:
        warped = F.grid_sample(mask[None, None].float(), grid, mode="nearest", padding_mode="reflection", align_corners=False)
        mask = warped[0, 0].long()
    return image, mask


def _crop_box(height: int, width: int, min_area: float) -> tuple[int, int, int, int]:
    area = float(torch.empty(1).uniform_(min_area, 1.0))
    side = math.sqrt(area)
    h, w = max(1, round(height * side)), max(1, round(width * side))
    top = int(torch.randint(0, height - h + 1, (1,)))
    left = int(torch.randint(0, width - w + 1, (1,)))
    return top, left, h, w


def _jitter(image: torch.Tensor, amount: float) -> torch.Tensor:
    def factor() -> float:
        return float(torch.empty(1).uniform_(1 - amount, 1 + amount))

    image = image * factor()
    mean = image.mean()
    image = (image - mean) * factor() + mean
    if image.shape[0] == 3:
        grey = (0.299 * image[0] + 0.587 * image[1] + 0.114 * image[2])[None]
        image = (image - grey) * factor() + grey
    return image.clamp(0, 1)


def augment_sample(
    image: torch.Tensor, mask: torch.Tensor | None, aug: Augment, size: tuple[int, int], binary: bool
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """One training sample: random crop (from the stored resolution), resize, flips, rotation,
    colour jitter. Geometry is applied to the mask exactly as to the image."""
    if 0 < aug.crop < 1:
        top, left, h, w = _crop_box(image.shape[1], image.shape[2], aug.crop)
        image = image[:, top : top + h, left : left + w]
        mask = None if mask is None else mask[top : top + h, left : left + w]
    image = resize_image(image, size)
    mask = None if mask is None else resize_mask(mask, size, binary)
    if aug.hflip and bool(torch.rand(1) < 0.5):
        image, mask = image.flip(2), None if mask is None else mask.flip(1)
    if aug.vflip and bool(torch.rand(1) < 0.5):
        image, mask = image.flip(1), None if mask is None else mask.flip(0)
    if aug.rotate > 0:
        image, mask = _rotate(image, mask, aug.rotate)
    if aug.color_jitter > 0:
        image = _jitter(image, aug.color_jitter)
    return image.contiguous(), None if mask is None else mask.contiguous()
