"""LSTM Studio's model, data preparation and training loop in PyTorch (exported by `lstm-studio export-pytorch`)."""
