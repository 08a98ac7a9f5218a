import pytest
import torch

from layerwise_trainer.metrics import MetricAccumulator, binary_scores, confusion, per_class_scores


def logits_from(pred: list[list[int]]) -> torch.Tensor:
    """[1, 1, H, W] logits whose sign gives `pred`."""
    return (torch.tensor(pred, dtype=torch.float32) * 2 - 1)[None, None]


def test_binary_iou_and_dice_hand_computed():
    # truth has 4 foreground pixels, prediction 3: TP 2, FP 1, FN 2
    truth = torch.tensor([[[1, 1, 0], [1, 1, 0], [0, 0, 0]]])
    pred = [[1, 0, 1], [1, 0, 0], [0, 0, 0]]
    acc = MetricAccumulator("binary-segmentation", 1)
    acc.update(logits_from(pred), truth, loss=0.5)
    out = acc.compute()
    assert out["val_iou"] == pytest.approx(2 / 5)
    assert out["val_dice"] == pytest.approx(4 / 7)
    assert out["val_loss"] == pytest.approx(0.5)


def test_metrics_accumulate_counts_not_batch_means():
    acc = MetricAccumulator("binary-segmentation", 1)
    # batch 1: a perfect single pixel (IoU 1); batch 2: TP 1, FP 0, FN 9 (IoU 0.1)
    acc.update(logits_from([[1, 0], [0, 0]]), torch.tensor([[[1, 0], [0, 0]]]), loss=1.0)
    truth = torch.zeros(1, 1, 10, dtype=torch.long)
    truth[..., :] = 1
    pred = torch.full((1, 1, 1, 10), -1.0)
    pred[..., 0] = 1.0
    acc.update(pred, truth[0], loss=3.0)
    out = acc.compute()
    assert out["val_iou"] == pytest.approx(2 / 11)  # not (1 + 0.1) / 2
    assert out["val_loss"] == pytest.approx(2.0)


def test_empty_truth_and_prediction_is_a_perfect_score():
    assert binary_scores(0, 0, 0) == (1.0, 1.0)
    assert binary_scores(0, 3, 0) == (0.0, 0.0)


def test_multiclass_mean_iou_skips_classes_absent_from_truth_and_prediction():
    truth = torch.tensor([[0, 0, 1, 1]])
    pred = torch.tensor([[0, 1, 1, 1]])
    m = confusion(pred, truth, 3)
    ious, dices = per_class_scores(m)
    assert ious == [pytest.approx(1 / 2), pytest.approx(2 / 3), None]
    assert dices[:2] == [pytest.approx(2 / 3), pytest.approx(4 / 5)]
    acc = MetricAccumulator("multiclass-segmentation", 3)
    logits = torch.nn.functional.one_hot(pred, 3).permute(0, 2, 1)[..., None].float()  # [1, 3, 4, 1]
    acc.update(logits, truth[..., None], loss=0.0)
    assert acc.compute()["val_iou"] == pytest.approx((1 / 2 + 2 / 3) / 2)


def test_classification_accuracy_and_class_jaccard():
    acc = MetricAccumulator("classification", 3)
    logits = torch.tensor([[5.0, 0, 0], [0, 5.0, 0], [0, 5.0, 0], [0, 0, 5.0]])
    acc.update(logits, torch.tensor([0, 1, 2, 2]), loss=0.1)
    out = acc.compute()
    assert out["val_acc"] == pytest.approx(3 / 4)
    # class 0: 1/1, class 1: 1/2, class 2: 1/2
    assert out["val_iou"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert "val_dice" not in out
