import json
from pathlib import Path

import numpy as np
import pytest

from layerwise_trainer.datasets import EXPECTED_PIXEL_CHECKSUMS, build, is_built, nuclei, shapes
from layerwise_trainer.datasets.__main__ import main as datasets_cli
from layerwise_trainer.datasets.layout import DatasetError, Sample, pixel_checksum, read_manifest

# pixel_checksum of nuclei images 0 and 212 (the full set's checksum is EXPECTED_PIXEL_CHECKSUMS,
# checked by every build; generating all 213 images takes too long for this suite)
NUCLEI_0_212 = "614db7595eb04a30d7da244b1a0b0a9c6dc94c002f0fb476454b73055c27104b"


def test_nuclei_images_are_the_same_every_time_and_match_the_committed_pixels():
    first = [Sample(name=f"nuclei_{i:03d}", image=nuclei.render(i)[0], mask=nuclei.render(i)[1]) for i in (0, 212)]
    again = nuclei.render(0)
    assert np.array_equal(first[0].image, again[0]) and np.array_equal(first[0].mask, again[1])
    assert pixel_checksum(first) == NUCLEI_0_212


def test_nuclei_sample_looks_like_the_issue_describes():
    image, mask = nuclei.render(3)
    assert image.shape == (256, 256, 3) and image.dtype == np.uint8
    assert set(np.unique(mask)) <= {0, 255}
    fg = mask > 0
    assert 0.04 < fg.mean() < 0.35  # nuclei are a minority of the pixels
    # haematoxylin absorbs red most: nuclei are darker in red than the eosin stroma
    assert image[fg, 0].mean() < image[~fg, 0].mean() - 20
    assert nuclei.render(3, seed=1)[0].tobytes() != image.tobytes()


def test_nuclei_validation_images_come_from_a_centre_with_paler_haematoxylin():
    image, mask = nuclei.render(212)
    same_lab, same_mask = nuclei.render(212, difficulty={"val_centre_h": 1.0})  # the training centre's stain
    assert np.array_equal(mask, same_mask)  # the same tissue and annotation
    fg = mask > 0
    assert image[fg, 0].mean() > same_lab[fg, 0].mean() + 20  # nuclei absorb much less red
    train_image = nuclei.render(nuclei.COUNT - nuclei.VAL_COUNT - 1)[0]
    assert np.array_equal(train_image, nuclei.render(nuclei.COUNT - nuclei.VAL_COUNT - 1, difficulty={"val_centre_h": 1.0})[0])


def test_shapes_build_matches_the_committed_checksum_and_is_cached(tmp_path):
    out = tmp_path / "shapes"
    first = build("shapes", out)
    assert first["built"] is True
    assert first["pixel_checksum"] == EXPECTED_PIXEL_CHECKSUMS["shapes"]
    assert first["count"] == len(shapes.CLASSES) * shapes.PER_CLASS and first["sample_shape"] == [3, 64, 64]
    assert len(first["split"]["val"]) == len(shapes.CLASSES) * shapes.VAL_PER_CLASS
    second = build("shapes", out)
    assert second["built"] is False and second["checksum"] == first["checksum"]
    labels = json.loads((out / "labels.json").read_text())
    assert sorted(set(labels.values())) == list(range(len(shapes.CLASSES)))


def test_a_damaged_cache_is_rebuilt(tmp_path):
    out = tmp_path / "shapes"
    build("shapes", out)
    victim = out / "images" / "star_003.png"
    victim.write_bytes(b"not a png")
    assert not is_built("shapes", out)
    assert build("shapes", out)["built"] is True
    assert is_built("shapes", out)


def test_a_cache_from_another_generator_is_rebuilt(tmp_path):
    # a retuned generator changes EXPECTED_PIXEL_CHECKSUMS: an intact copy of the old pixels is stale
    out = tmp_path / "shapes"
    build("shapes", out)
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, "pixel_checksum": "0" * 64}))
    assert not is_built("shapes", out)
    rebuilt = build("shapes", out)
    assert rebuilt["built"] is True and rebuilt["pixel_checksum"] == EXPECTED_PIXEL_CHECKSUMS["shapes"]


def test_the_worker_reads_the_same_expected_checksums():
    path = Path(nuclei.__file__).with_name("pixel_checksums.json")
    assert json.loads(path.read_text()) == EXPECTED_PIXEL_CHECKSUMS


def test_cli_builds_and_reports(tmp_path, capsys):
    assert datasets_cli(["build", "shapes", "--out", str(tmp_path / "s")]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "shapes"


def test_unknown_builtin_and_bad_manifest_are_precise(tmp_path):
    with pytest.raises(DatasetError, match="unknown built-in dataset 'mnist'"):
        build("mnist", tmp_path)
    (tmp_path / "manifest.json").write_text('{"format": "layerwise.dataset", "version": 1, "task": "regression"}')
    with pytest.raises(DatasetError, match="task 'regression' is not one of"):
        read_manifest(tmp_path)


def test_parallel_rendering_gives_the_same_pixels_as_sequential():
    par, val = nuclei.generate(count=4, val_count=1, jobs=2)
    seq, _ = nuclei.generate(count=4, val_count=1, jobs=1)
    assert val == {"nuclei_003"}
    assert pixel_checksum(par) == pixel_checksum(seq)
