import pytest
import torch
import torch.nn.functional as F

from layerwise_trainer.errors import BadRun
from layerwise_trainer.losses import make_loss
from layerwise_trainer.spec import resolve_loss


def test_bce_is_torchs_bce_with_logits():
    logits = torch.tensor([[[[2.0, -1.0], [0.5, -3.0]]]])
    target = torch.tensor([[[1, 0], [0, 1]]])
    expected = F.binary_cross_entropy_with_logits(logits[:, 0], target.float())
    assert make_loss("bce", "binary-segmentation")(logits, target).item() == pytest.approx(expected.item())


def test_soft_dice_hand_computed_and_bounds():
    dice = make_loss("dice", "binary-segmentation")
    target = torch.tensor([[[1, 0], [0, 0]]])
    # sigmoid(0) = 0.5 everywhere: intersection 0.5, sum(prob) 2, sum(target) 1 → 1 − (1 + 1) / (3 + 1)
    assert dice(torch.zeros(1, 1, 2, 2), target).item() == pytest.approx(0.5)
    perfect = torch.tensor([[[[20.0, -20.0], [-20.0, -20.0]]]])
    assert dice(perfect, target).item() == pytest.approx(0.0, abs=1e-6)
    combined = make_loss("bce_dice", "binary-segmentation")(perfect, target)
    assert combined.item() == pytest.approx(0.0, abs=1e-6)


def test_multiclass_dice_and_cross_entropy():
    target = torch.tensor([[[0, 1], [2, 2]]])
    logits = F.one_hot(target, 3).permute(0, 3, 1, 2).float() * 30
    assert make_loss("dice", "multiclass-segmentation")(logits, target).item() == pytest.approx(0.0, abs=1e-5)
    ce = make_loss("cross_entropy", "multiclass-segmentation")(torch.zeros(1, 3, 2, 2), target)
    assert ce.item() == pytest.approx(torch.log(torch.tensor(3.0)).item())


@pytest.mark.parametrize(
    ("task", "loss", "expected"),
    [("binary-segmentation", "auto", "bce"), ("classification", "auto", "cross_entropy"),
     ("multiclass-segmentation", "auto", "cross_entropy"), ("multiclass-segmentation", "dice", "dice")],
)
def test_auto_loss(task, loss, expected):
    assert resolve_loss(task, loss) == expected


@pytest.mark.parametrize(
    ("task", "loss"),
    [("classification", "dice"), ("binary-segmentation", "cross_entropy"), ("multiclass-segmentation", "bce")],
)
def test_loss_that_cannot_train_the_task_is_refused(task, loss):
    with pytest.raises(BadRun, match=loss):
        resolve_loss(task, loss)
