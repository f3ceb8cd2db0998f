"""Qt item models over the desk's lists (待办, 登记册) and their shared colours and search keys."""
