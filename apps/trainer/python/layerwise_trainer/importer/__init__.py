"""Imports an existing PyTorch model (a .py file and a class) or an ONNX file as a model-flow
document. Runs only on the user's own machine, started by `graph-core import`; the web server
never executes uploaded Python."""
