class Oops(nn.Module:
    pass
