"""The decoded-split cache (data.py) and the shape check before training (model_loader.py)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch
from torch import nn

from conftest import _blob_sample, make_run_dir
from layerwise_trainer import data
from layerwise_trainer.data import load_split
from layerwise_trainer.datasets.layout import write_dataset
from layerwise_trainer.errors import BadModel
from layerwise_trainer.model_loader import check_output, first_forward
from layerwise_trainer.spec import load_spec


@pytest.fixture
def dataset(tmp_path, seg_dataset):
    root = tmp_path / "data"
    shutil.copytree(seg_dataset, root, ignore=shutil.ignore_patterns(".cache"))
    return root


def _spec(tmp_path, root, shape=(3, 16, 16)):
    return load_spec(make_run_dir(tmp_path / "run", root, shape=shape))


def _same(a, b):
    assert a.names == b.names
    assert all(torch.equal(x, y) for x, y in zip(a.images, b.images))
    assert all(torch.equal(x, y) and x.dtype == y.dtype == torch.int64 for x, y in zip(a.targets, b.targets))


def test_a_split_is_decoded_once_and_read_back_identically(tmp_path, dataset, monkeypatch):
    spec = _spec(tmp_path, dataset)
    first = load_split(spec, "train", keep_full_size=False)
    assert len(list((dataset / ".cache").glob("train-*.pt"))) == 1

    def no_decoding(*_args):
        raise AssertionError("decoded again although the cache holds this split")

    monkeypatch.setattr(data, "_decode_split", no_decoding)
    _same(load_split(spec, "train", keep_full_size=False), first)


def test_each_size_and_split_has_its_own_cache(tmp_path, dataset):
    small, full = _spec(tmp_path, dataset, (3, 16, 16)), _spec(tmp_path / "b", dataset, (3, 32, 32))
    assert tuple(load_split(small, "val", False).images[0].shape) == (3, 16, 16)
    assert tuple(load_split(full, "val", False).images[0].shape) == (3, 32, 32)
    assert tuple(load_split(small, "val", True).images[0].shape) == (3, 32, 32)  # crops keep the stored size
    assert tuple(load_split(small, "val", False).images[0].shape) == (3, 16, 16)
    assert len(list((dataset / ".cache").glob("val-*.pt"))) == 3


def test_new_files_in_the_dataset_directory_never_get_the_old_cache(tmp_path, dataset):
    spec = _spec(tmp_path, dataset)
    old = load_split(spec, "train", keep_full_size=False)
    rng = np.random.default_rng(7)
    samples = [_blob_sample(rng, f"s{i:02d}", 32) for i in range(12)]
    write_dataset(dataset, dataset_id="tiny-seg", name="tiny", task="binary-segmentation",
                  classes=["background", "fg"], samples=samples, val_names={f"s{i:02d}" for i in range(8, 12)})
    new = load_split(spec, "train", keep_full_size=False)
    assert not torch.equal(new.images[0], old.images[0])
    shutil.rmtree(dataset / ".cache")
    _same(load_split(spec, "train", keep_full_size=False), new)
    assert len(list((dataset / ".cache").glob("train-*.pt"))) == 1  # the stale one was dropped


def test_a_torn_cache_file_is_decoded_again(tmp_path, dataset):
    spec = _spec(tmp_path, dataset)
    first = load_split(spec, "train", keep_full_size=False)
    (cache,) = (dataset / ".cache").glob("train-*.pt")
    cache.write_bytes(cache.read_bytes()[:100])
    _same(load_split(spec, "train", keep_full_size=False), first)


def test_a_dataset_directory_that_cannot_be_written_still_loads(tmp_path, dataset, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(data.tempfile, "mkstemp", refuse)
    spec = _spec(tmp_path, dataset)
    assert len(load_split(spec, "train", keep_full_size=False).names) == 8
    assert not list((dataset / ".cache").glob("*.pt"))


class _WrongHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 2, 1)

    def forward(self, x):
        return self.conv(x)


class _Failing(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 1, 1)  # the data has 3 channels

    def forward(self, x):
        return self.conv(x)


def test_the_first_forward_returns_a_fitting_output_and_refuses_a_wrong_head_or_a_failing_model():
    x = torch.zeros(2, 3, 8, 8)
    out = first_forward(nn.Conv2d(3, 1, 1), x, "binary-segmentation", 1, (3, 8, 8))
    assert tuple(out.shape) == (2, 1, 8, 8) and out.requires_grad  # the training pass itself
    with pytest.raises(BadModel, match=r"needs an output of shape \[1, 8, 8\].*gives \[2, 8, 8\]"):
        first_forward(_WrongHead(), x, "binary-segmentation", 1, (3, 8, 8))
    with pytest.raises(BadModel, match=r"fails on an input of shape \[3, 8, 8\]: RuntimeError"):
        first_forward(_Failing(), x, "binary-segmentation", 1, (3, 8, 8))
    with pytest.raises(BadModel, match=r"returns tuple, not a tensor"):
        check_output((out,), "binary-segmentation", 1, (3, 8, 8))
