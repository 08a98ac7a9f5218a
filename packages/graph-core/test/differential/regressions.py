"""Fixed cases that once disagreed (see DISAGREEMENTS.md), kept in every run so that no seed can
miss them. Only the documents are fixed: torch's verdict is computed like for the random cases.
Each entry: (input shape, integer ids?, [(type, params), …] as one chain).
"""

from __future__ import annotations

REGRESSIONS = [
    # AvgPool3d refuses an input dim smaller than the kernel, whatever the padding or ceil_mode.
    ([3, 4, 4, 4], False, [("AvgPool3d", {"kernel_size": 5, "padding": 2})]),
    ([3, 4, 4, 4], False, [("AvgPool3d", {"kernel_size": 5, "ceil_mode": True})]),
    ([2, 11, 3], False, [("AvgPool3d", {"kernel_size": 3, "stride": [2, 2, 2], "ceil_mode": True})]),
    # eps <= 0 only matters for BatchNorm in training.
    ([4, 10, 8], False, [("InstanceNorm2d", {"eps": 0.0})]),
    ([9, 17], False, [("InstanceNorm1d", {"affine": True, "eps": -1.0})]),
    ([10, 12], False, [("LayerNorm", {"normalized_shape": 12, "eps": 0.0})]),
    ([10, 2, 8], False, [("GroupNorm", {"num_groups": 10, "eps": 0.0})]),
    ([3, 4], False, [("BatchNorm1d", {"eps": 0.0})]),
    ([5, 8], False, [("TransformerEncoderLayer", {"nhead": 2, "dim_feedforward": 16, "layer_norm_eps": 0.0})]),
    ([5, 8], False, [("TransformerEncoderLayer", {"nhead": 2, "dim_feedforward": 0})]),
    # InstanceNorm1d on [C]: runs without affine/running stats, refuses with either.
    ([30], False, [("InstanceNorm1d", {})]),
    ([30], False, [("InstanceNorm1d", {"affine": True})]),
    ([30], False, [("InstanceNorm1d", {"track_running_stats": True})]),
    # momentum=None (cumulative average) is accepted by every _NormBase, InstanceNorm included.
    ([4, 5, 5], False, [("InstanceNorm2d", {"momentum": None})]),
    ([4, 5], False, [("InstanceNorm1d", {"momentum": None, "track_running_stats": True})]),
    ([4, 5, 5], False, [("BatchNorm2d", {"momentum": None})]),
    # Factor-1 pixel shuffles on [H, W]; factor 2 there mixes the batch.
    ([9, 7], False, [("PixelUnshuffle", {"downscale_factor": 1})]),
    ([6, 21], False, [("PixelShuffle", {"upscale_factor": 1})]),
    ([8, 6], False, [("PixelUnshuffle", {"downscale_factor": 2})]),
    # The adaptive-average output-size-1 shortcut accepts extra leading dims; other sizes do not.
    ([2, 7, 8, 7], False, [("AdaptiveAvgPool2d", {"output_size": 1})]),
    ([2, 2, 5, 5], False, [("AdaptiveAvgPool2d", {"output_size": [1, 1]})]),
    ([2, 2, 5, 5], False, [("AdaptiveAvgPool2d", {"output_size": 2})]),
    ([2, 2, 4, 4, 5], False, [("AdaptiveAvgPool3d", {"output_size": 1})]),
    ([2, 2, 4, 4, 5], False, [("AdaptiveMaxPool3d", {"output_size": 1})]),
    # Upsample: recompute_scale_factor means nothing with an explicit size.
    ([3, 6], False, [("Upsample", {"mode": "linear", "size": 4, "recompute_scale_factor": True})]),
    ([3, 5], False, [("Upsample", {"mode": "linear", "scale_factor": 1.5, "recompute_scale_factor": False})]),
    # AvgPool1d has no divisor_override in torch.
    ([3, 8], False, [("AvgPool1d", {"kernel_size": 2, "divisor_override": 2})]),
    ([11, 23], False, [("AvgPool1d", {"kernel_size": 4, "stride": 3, "ceil_mode": True, "divisor_override": 3})]),
    # Constant padding one dim short: fine when the batch-landing pair is zero.
    ([8], False, [("ZeroPad2d", {"padding": 0})]),
    ([8], False, [("ZeroPad2d", {"padding": [1, 1, 0, 0]})]),
    ([8], False, [("ZeroPad2d", {"padding": [1, 1, 1, 0]})]),
    ([4, 8], False, [("ReflectionPad2d", {"padding": [1, 1, 0, 0]})]),
    # Integer ids: which layers take them, and what comes out.
    ([21], False, [("Embedding", {"num_embeddings": 15, "embedding_dim": 15})]),
    ([2, 3], True, [("Flatten", {}), ("ReLU", {}), ("Embedding", {"num_embeddings": 5, "embedding_dim": 4})]),
    ([6], True, [("Sigmoid", {}), ("Embedding", {"num_embeddings": 5, "embedding_dim": 4})]),
    ([8, 20], True, [("CELU", {})]),
    ([12], True, [("Dropout", {"p": 0.1})]),
    ([12], True, [("Dropout", {"p": 0.0}), ("Embedding", {"num_embeddings": 3, "embedding_dim": 2})]),
    ([4, 6, 6], True, [("MaxPool2d", {"kernel_size": 2})]),
    ([4, 6], True, [("MaxPool1d", {"kernel_size": 2})]),
    ([4, 6, 6], True, [("Upsample", {"scale_factor": 2})]),
    # Things that touch the batch dimension itself.
    ([3, 4], False, [("Flatten", {"start_dim": 0})]),
    ([3, 4], False, [("Flatten", {"start_dim": 0, "end_dim": 0})]),
    ([1], False, [("Flatten", {"start_dim": -2})]),
    ([1, 5], False, [("Flatten", {"start_dim": 0, "end_dim": 1})]),
    ([6], False, [("Unflatten", {"dim": 0, "unflattened_size": [-1, 1]})]),
    ([6], False, [("Unflatten", {"dim": 0, "unflattened_size": [-1]})]),
    ([6], False, [("Unflatten", {"dim": 0, "unflattened_size": [1, -1]})]),
    ([6], False, [("GLU", {"dim": 0})]),
    ([16], False, [("MultiheadAttention", {"num_heads": 4})]),
    ([4, 4], False, [("Softmax2d", {})]),
]


def regression_case(builder, index: int, entry):
    """Builds one regression chain with `builder` (graphs.CaseBuilder); None if a type is absent."""
    shape, is_long, layers = entry
    if any(t not in builder.types for t, _ in layers):
        return None
    return builder.fixed_chain(index, list(shape), is_long, layers)
