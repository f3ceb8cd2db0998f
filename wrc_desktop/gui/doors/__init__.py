"""The two doors to the register (write and query) and the threads behind them."""
