"""The main window's pages: 待办, 登记册, 办理事项, 报表."""
