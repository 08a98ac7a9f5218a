"""The built-in `shapes` dataset: classify a drawn shape (six classes) on a noisy background.

Size, position, rotation, fill and background colour vary per image, with Gaussian noise and a
few distracting lines, so a classifier has to learn the outline rather than a colour. Rasterised
with numpy (signed distance style tests on a supersampled grid), float64, one seeded generator per
image: the same pixels on every machine.
"""

from __future__ import annotations

import numpy as np

from .layout import Sample

SIZE = 64
CLASSES = ["circle", "square", "triangle", "star", "cross", "ring"]
PER_CLASS = 100
VAL_PER_CLASS = 20
SEED = 20261202
_SS = 2  # supersampling factor for anti-aliased edges


def _polygon_inside(x: np.ndarray, y: np.ndarray, vertices: np.ndarray) -> np.ndarray:
    """Even-odd rule point-in-polygon for a grid of points."""
    inside = np.zeros(x.shape, dtype=bool)
    count = len(vertices)
    for i in range(count):
        x1, y1 = vertices[i]
        x2, y2 = vertices[(i + 1) % count]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = (x2 - x1) * (y - y1) / (y2 - y1) + x1
        inside ^= crosses & (x < x_at)
    return inside


def _shape_mask(kind: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Inside test in the shape's own unit coordinates (radius 1)."""
    r = np.sqrt(u**2 + v**2)
    if kind == "circle":
        return r <= 1.0
    if kind == "ring":
        return (r <= 1.0) & (r >= 0.55)
    if kind == "square":
        return (np.abs(u) <= 0.8) & (np.abs(v) <= 0.8)
    if kind == "cross":
        return ((np.abs(u) <= 1.0) & (np.abs(v) <= 0.3)) | ((np.abs(v) <= 1.0) & (np.abs(u) <= 0.3))
    angles = np.arange(3) * 2 * np.pi / 3 - np.pi / 2
    if kind == "triangle":
        return _polygon_inside(u, v, np.stack([np.cos(angles), np.sin(angles)], 1))
    star_angles = np.arange(10) * np.pi / 5 - np.pi / 2
    radii = np.where(np.arange(10) % 2 == 0, 1.0, 0.45)
    return _polygon_inside(u, v, np.stack([radii * np.cos(star_angles), radii * np.sin(star_angles)], 1))


def render(class_index: int, index: int, seed: int = SEED) -> np.ndarray:
    """One uint8 [64, 64, 3] image of class `class_index`."""
    rng = np.random.default_rng([seed, class_index, index])
    n = SIZE * _SS
    yy, xx = (np.mgrid[0:n, 0:n].astype(np.float64) + 0.5) / _SS
    radius = rng.uniform(9, 24)
    cy, cx = rng.uniform(radius, SIZE - radius, 2)
    angle = rng.uniform(0, 2 * np.pi)
    du, dv = (xx - cx) / radius, (yy - cy) / radius
    u = du * np.cos(angle) + dv * np.sin(angle)
    v = -du * np.sin(angle) + dv * np.cos(angle)
    inside = _shape_mask(CLASSES[class_index], u, v).astype(np.float64)
    coverage = inside.reshape(SIZE, _SS, SIZE, _SS).mean(axis=(1, 3))[..., None]
    background = rng.uniform(0, 255, 3)
    fill = rng.uniform(0, 255, 3)
    while np.abs(fill - background).sum() < 150:  # keep the shape visible
        fill = rng.uniform(0, 255, 3)
    gradient = np.linspace(-1, 1, SIZE)[None, :, None] * rng.uniform(-30, 30, 3)
    image = background + gradient + coverage * (fill - background - gradient)
    for _ in range(rng.integers(0, 3)):  # thin distracting lines
        row = rng.integers(0, SIZE)
        image[row : row + 1, :, :] = rng.uniform(0, 255, 3)
    image += rng.normal(0, rng.uniform(4, 20), image.shape)
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def generate(per_class: int = PER_CLASS, val_per_class: int = VAL_PER_CLASS, seed: int = SEED):
    """Every sample and the validation names (the last `val_per_class` of each class)."""
    samples: list[Sample] = []
    val: set[str] = set()
    for class_index, name in enumerate(CLASSES):
        for index in range(per_class):
            sample = Sample(name=f"{name}_{index:03d}", image=render(class_index, index, seed), label=class_index)
            samples.append(sample)
            if index >= per_class - val_per_class:
                val.add(sample.name)
    return samples, val
