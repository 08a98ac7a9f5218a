"""A sequence model with the recurrent and transformer layers: LSTM and GRU (tuple outputs,
the model uses the first), RMSNorm, a TransformerEncoder stack, a 1-d pad and a Bilinear head."""

from torch import nn


class Sequence(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.embed = nn.Linear(6, width)
        self.lstm = nn.LSTM(width, width, num_layers=2, batch_first=True)
        self.gru = nn.GRU(width, width // 2, batch_first=True, bidirectional=True)
        self.norm = nn.RMSNorm(width)
        layer = nn.TransformerEncoderLayer(width, 4, 2 * width, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.pad = nn.ConstantPad1d((1, 2), 0.5)
        self.head = nn.Bilinear(width, width + 3, 4)

    def forward(self, x):
        x = self.embed(x)
        x, _ = self.lstm(x)
        y, _ = self.gru(x)
        x = self.encoder(self.norm(x + y))
        return self.head(x, self.pad(y))
