"""The built-in `nuclei` dataset: synthetic H&E colon histology with nucleus masks.

Modelled on the Lizard sample the paper used. Stains are painted as optical density (OD) and
converted to RGB with the Ruifrok–Johnston stain vectors: haematoxylin in nuclei (chromatin
texture, a darker rim) and weakly in basophilic epithelial cytoplasm, eosin in the stroma. Three
nucleus kinds — small round lymphocytes, larger elongated epithelial nuclei crowded along gland
rims (many touching), thin spindle stromal nuclei along the fibres — with irregular outlines, at a
per-image scale (magnification 0.85–1.25). What makes it hard, as real slides are: many faint
out-of-focus nuclei that the annotators marked only sometimes (so a model must decide whether
"maybe a nucleus" counts — the loss decides that), intraluminal necrotic debris ("dirty
necrosis": nucleus-like fragments told apart only by the gland around them, never annotated),
unannotated haematoxylin debris, an annotator's outline that is not exactly the stained one,
defocus blur, Poisson–Gaussian noise and per-image stain jitter. And, as in Lizard, which pools
several centres, the slides do not all come from one lab: the training images are one centre's,
the validation images (the last `VAL_COUNT`) another's whose haematoxylin stains much paler
(`val_centre_h`), so a model that learnt the first lab's stain intensity as the cue misjudges
them — the generalisation problem of real computational pathology, which colour augmentation on
the Input node addresses. Measured against `unet-small` and an improved model in README.md
("Nuclei difficulty"). Everything is float64 numpy from one seeded generator per image, so the
uint8 pixels are the same on every machine.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy import ndimage

from .layout import Sample

SIZE = 256
COUNT = 213
VAL_COUNT = 22
SEED = 20261201

# Ruifrok & Johnston (2001) optical-density vectors (R, G, B), normalised to unit length.
_H = np.array([0.650, 0.704, 0.286])
_E = np.array([0.072, 0.990, 0.105])
_RES = np.array([0.268, 0.570, 0.776])  # their DAB vector, used as a faint residual stain
STAIN_H = _H / np.linalg.norm(_H)
STAIN_E = _E / np.linalg.norm(_E)
STAIN_RES = _RES / np.linalg.norm(_RES)

# (semi-axis a range, semi-axis b range, H density range, outline irregularity) per kind
_KINDS = {
    "lymphocyte": ((2.6, 4.2), (2.4, 3.8), (0.75, 1.25), 0.10),
    "epithelial": ((5.5, 9.5), (3.2, 5.2), (0.45, 0.95), 0.14),
    "stromal": ((6.0, 11.0), (1.2, 2.2), (0.55, 1.0), 0.12),
}


def _smooth_noise(rng: np.random.Generator, sigma: float | tuple[float, float]) -> np.ndarray:
    """Unit-variance Gaussian-filtered noise; broad fields are made at 1/4 size and upsampled
    (a quarter of the filter taps on a sixteenth of the pixels)."""
    if isinstance(sigma, (int, float)) and sigma >= 4:
        small = ndimage.gaussian_filter(rng.standard_normal((SIZE // 4, SIZE // 4)), sigma / 4, mode="wrap", truncate=3.0)
        field = ndimage.zoom(small, 4, order=1, mode="grid-wrap", grid_mode=True)
    else:
        field = ndimage.gaussian_filter(rng.standard_normal((SIZE, SIZE)), sigma, mode="wrap", truncate=3.0)
    return field / (field.std() + 1e-12)


def _harmonics(rng: np.random.Generator, amplitude: float, count: int = 4) -> np.ndarray:
    """Random low-order Fourier coefficients of an outline: (order, amplitude, phase)."""
    orders = np.arange(2, 2 + count, dtype=np.float64)
    amps = rng.uniform(0, amplitude, count) / np.sqrt(orders - 1)
    phases = rng.uniform(0, 2 * np.pi, count)
    return np.stack([orders, amps, phases], axis=1)


def _radius_factor(theta: np.ndarray, harmonics: np.ndarray) -> np.ndarray:
    out = np.ones_like(theta)
    for order, amp, phase in harmonics:
        out += amp * np.cos(order * theta + phase)
    return out


def _nucleus(rng, density, kind, cy, cx, angle, ann, dens_scale=1.0, annotated=True):
    """Paints one nucleus into `density` (H OD) and returns the annotation mask part (or None)."""
    (a_lo, a_hi), (b_lo, b_hi), (d_lo, d_hi), irregular = _KINDS[kind]
    if kind == "stromal":
        b_lo, b_hi = ann["stromal_b"]
    a, b = rng.uniform(a_lo, a_hi) * ann["magnification"], rng.uniform(b_lo, b_hi) * ann["magnification"]
    strength = rng.uniform(d_lo, d_hi) * dens_scale
    true_h = _harmonics(rng, irregular)
    ann_h = true_h.copy()
    ann_h[:, 1] += rng.normal(0, ann["outline_jitter"], len(ann_h))  # the annotator's own outline
    ann_grow = rng.normal(ann["outline_bias"], 0.35)
    reach = int(np.ceil(a * 1.5 + 3))
    y0, y1 = max(0, int(cy) - reach), min(SIZE, int(cy) + reach + 1)
    x0, x1 = max(0, int(cx) - reach), min(SIZE, int(cx) + reach + 1)
    if y0 >= y1 or x0 >= x1:
        return None
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float64)
    dy, dx = yy - cy, xx - cx
    cos, sin = np.cos(angle), np.sin(angle)
    u, v = dx * cos + dy * sin, -dx * sin + dy * cos
    theta = np.arctan2(v * a, u * b)
    ell = np.sqrt((u / a) ** 2 + (v / b) ** 2)
    rho = ell / _radius_factor(theta, true_h)
    inside = np.clip((1.0 - rho) * min(a, b) + 0.5, 0.0, 1.0)  # anti-aliased edge
    rim = 1.0 + 0.55 * np.exp(-(((rho - 0.85) / 0.13) ** 2))
    density[y0:y1, x0:x1] += strength * inside * rim
    if not annotated:
        return None
    scale = np.sqrt(a * b)
    ann_rho = ell / (_radius_factor(theta, ann_h) + ann_grow / scale)
    return (slice(y0, y1), slice(x0, x1)), ann_rho <= 1.0


def _glands(rng: np.random.Generator, diff: dict) -> list[tuple[float, float, float, float, float]]:
    glands = []
    for _ in range(rng.integers(*diff["glands"])):
        glands.append(
            (rng.uniform(20, SIZE - 20), rng.uniform(20, SIZE - 20), rng.uniform(*diff["gland_radius"]) * diff["magnification"],
             rng.uniform(0.6, 1.0), rng.uniform(0, np.pi))
        )
    return glands


def _gland_fields(glands) -> tuple[np.ndarray, np.ndarray]:
    """Per-pixel normalised gland radius (min over glands) and the lumen mask."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    best = np.full((SIZE, SIZE), np.inf)
    for cy, cx, r, ecc, ang in glands:
        u = (xx - cx) * np.cos(ang) + (yy - cy) * np.sin(ang)
        v = -(xx - cx) * np.sin(ang) + (yy - cy) * np.cos(ang)
        best = np.minimum(best, np.sqrt((u / r) ** 2 + (v / (r * ecc)) ** 2))
    return best, best < 0.62


def _place_nuclei(rng, h_density, glands, diff) -> np.ndarray:
    mask = np.zeros((SIZE, SIZE), dtype=bool)

    def add(part):
        if part is not None:
            mask[part[0]] |= part[1]

    for cy, cx, r, ecc, ang in glands:  # epithelium: radial nuclei crowded along the rim
        circumference = 2 * np.pi * r * (1 + ecc) / 2
        count = int(circumference / rng.uniform(7.0, 10.0))
        for t in np.linspace(0, 2 * np.pi, count, endpoint=False) + rng.uniform(0, 1):
            rr = r * rng.uniform(0.72, 0.86)
            u, v = rr * np.cos(t), rr * ecc * np.sin(t)
            y = cy + u * np.sin(ang) + v * np.cos(ang)
            x = cx + u * np.cos(ang) - v * np.sin(ang)
            radial = np.arctan2(y - cy, x - cx) + rng.normal(0, 0.25)
            faint = diff["faint"] if rng.random() < diff["faint_p"] else 1.0
            add(_nucleus(rng, h_density, "epithelial", y, x, radial, diff, faint))
    for _ in range(rng.integers(*diff["lymphocytes"])):  # lymphocytes, partly in clusters
        y, x = rng.uniform(0, SIZE, 2)
        for _ in range(1 if rng.random() < 0.6 else rng.integers(2, 6)):
            faint = diff["faint"] if rng.random() < diff["faint_p"] else 1.0
            add(_nucleus(rng, h_density, "lymphocyte", y, x, 0.0, diff, faint))
            y, x = y + rng.normal(0, 6), x + rng.normal(0, 6)
    for _ in range(rng.integers(*diff["stromal"])):
        y, x = rng.uniform(0, SIZE, 2)
        faint = diff["faint"] if rng.random() < diff["faint_p"] else 1.0
        add(_nucleus(rng, h_density, "stromal", y, x, rng.normal(diff["fibre_angle"], 0.3), diff, faint))
    return mask


def _out_of_focus(rng, diff, mask: np.ndarray) -> np.ndarray:
    """Nuclei just outside the focal plane, blurred and faint. Annotators mark such a nucleus
    only sometimes (probability `oof_annotated`), as on real slides, so these pixels are
    genuinely ambiguous: the best a model can say is "maybe". Plus unannotated debris."""
    ghost = np.zeros((SIZE, SIZE))
    for _ in range(rng.integers(*diff["ghosts"])):
        y, x = rng.uniform(0, SIZE, 2)
        kind = "lymphocyte" if rng.random() < 0.55 else "epithelial"
        annotated = rng.random() < diff["oof_annotated"]
        part = _nucleus(rng, ghost, kind, y, x, rng.uniform(0, np.pi), diff, rng.uniform(*diff["oof_density"]),
                        annotated=annotated)
        if part is not None:
            mask[part[0]] |= part[1]
    ghost = ndimage.gaussian_filter(ghost, rng.uniform(*diff["oof_blur"]), truncate=3.0)
    debris = np.clip(_smooth_noise(rng, 2.5) - 1.6, 0, None) * diff["debris"]
    return ghost + debris


def _dirty_necrosis(rng, density, lumen, diff) -> None:
    """Intraluminal necrotic debris (colorectal adenocarcinoma's "dirty necrosis"): eosinophilic
    material with karyorrhectic nuclear fragments. A fragment looks like a small dark lymphocyte;
    what tells it apart is where it is (inside a gland's lumen), so it is never annotated and a
    model needs the gland around it in its receptive field."""
    ys, xs = np.nonzero(lumen)
    if len(ys) == 0:
        return
    count = rng.poisson(len(ys) * diff["necrosis_density"])
    for k in rng.integers(0, len(ys), count):
        y, x = ys[k] + rng.uniform(-0.5, 0.5), xs[k] + rng.uniform(-0.5, 0.5)
        _nucleus(rng, density, "lymphocyte", y, x, 0.0, diff, rng.uniform(0.8, 1.1), annotated=False)


def _jittered_stains(rng) -> np.ndarray:
    stains = []
    for vec in (STAIN_H, STAIN_E, STAIN_RES):
        v = np.clip(vec + rng.normal(0, 0.04, 3), 0.01, None)
        stains.append(v / np.linalg.norm(v))
    return np.stack(stains)


def _defaults() -> dict:
    return {
        "glands": (1, 3), "gland_radius": (32, 58), "faint": 0.38, "faint_p": 0.0, "outline_jitter": 0.06,
        "outline_bias": 0.4, "lymphocytes": (5, 18), "stromal": (8, 24), "stromal_b": (0.9, 1.8),
        "ghosts": (160, 260), "debris": 0.5, "oof_annotated": 0.4, "oof_density": (0.2, 0.4), "oof_blur": (1.8, 2.8),
        "necrosis_p": 0.8, "necrosis_density": 0.03, "necrosis_eosin": 0.9, "scale": (0.85, 1.25),
        "val_centre_h": 0.35, "blur": (0.7, 1.6), "gain": (0.6, 1.6), "read_noise": (4.0, 9.0), "fibre_angle": 0.0,
    }


def render(index: int, seed: int = SEED, difficulty: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One image (uint8 [256, 256, 3]) and its mask (uint8 0/255 [256, 256])."""
    diff = {**_defaults(), **(difficulty or {})}
    rng = np.random.default_rng([seed, index])
    diff["fibre_angle"] = rng.uniform(0, np.pi)
    diff["magnification"] = rng.uniform(*diff["scale"])  # objective/scanner scale of this image
    glands = _glands(rng, diff)
    gland_r, lumen = _gland_fields(glands)
    h_nuclei = np.zeros((SIZE, SIZE))
    mask = _place_nuclei(rng, h_nuclei, glands, diff)
    necrotic = rng.random() < diff["necrosis_p"]
    if necrotic:
        _dirty_necrosis(rng, h_nuclei, lumen, diff)
    chromatin = 1.0 + 0.28 * _smooth_noise(rng, 0.7)
    h = h_nuclei * chromatin + _out_of_focus(rng, diff, mask)
    epithelium = np.exp(-(((gland_r - 0.8) / 0.16) ** 2))
    h += 0.12 * epithelium * (1 + 0.3 * _smooth_noise(rng, 3.0))  # basophilic cytoplasm
    fibres = _smooth_noise(rng, (0.8, 7.0))
    fibres = ndimage.rotate(fibres, np.degrees(diff["fibre_angle"]), reshape=False, mode="wrap", order=1)
    e = 0.32 + 0.10 * _smooth_noise(rng, 10.0) + 0.09 * fibres
    e = np.where(lumen, diff["necrosis_eosin"] * e if necrotic else 0.04, e) * rng.uniform(0.7, 1.3)
    h = np.clip(h, 0, None) * rng.uniform(0.8, 1.2)
    conc = np.stack([h, np.clip(e, 0, None), np.full_like(h, rng.uniform(0.0, 0.05))], axis=-1)
    if index >= COUNT - VAL_COUNT:  # the validation slides: the other centre's paler haematoxylin
        conc = conc * np.array([diff["val_centre_h"], 1.0, 1.0])
    od = conc @ _jittered_stains(rng)
    od = ndimage.gaussian_filter(od, (rng.uniform(*diff["blur"]),) * 2 + (0,))
    light = 245.0 * np.exp(-od * np.log(10.0))
    gain = rng.uniform(*diff["gain"])
    noisy = rng.poisson(light / gain) * gain + rng.normal(0, rng.uniform(*diff["read_noise"]), light.shape)
    image = np.clip(np.rint(noisy), 0, 255).astype(np.uint8)
    return image, (mask.astype(np.uint8) * 255)


def _render_default(index: int) -> tuple[np.ndarray, np.ndarray]:
    return render(index)


def generate(count: int = COUNT, val_count: int = VAL_COUNT, jobs: int | None = None) -> tuple[list[Sample], set[str]]:
    """Every sample and the validation names (the last `val_count` indices). Images are
    independent (one generator each), so they are rendered in parallel processes."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            rendered = list(pool.map(_render_default, range(count), chunksize=8))
    else:
        rendered = [_render_default(i) for i in range(count)]
    samples = [Sample(name=f"nuclei_{i:03d}", image=img, mask=mask) for i, (img, mask) in enumerate(rendered)]
    val = {s.name for s in samples[count - val_count :]}
    return samples, val
