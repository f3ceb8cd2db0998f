"""WRC Desk — 北京市工作居住证办理助手."""

__version__ = "0.1.0"
APP_NAME = "WRC Desk"
APP_TITLE = "工作居住证办理助手"
