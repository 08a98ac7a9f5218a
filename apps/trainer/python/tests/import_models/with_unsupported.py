"""A model with one operation graph-core has no layer for (torch.roll), between mapped layers."""

import torch
from torch import nn


class Rolled(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, kernel_size=3, padding=1)
        self.act = nn.GELU()
        self.head = nn.Conv2d(4, 2, kernel_size=1)

    def forward(self, x):
        x = self.act(self.conv(x))
        x = torch.roll(x, shifts=1, dims=3)
        return self.head(x)
