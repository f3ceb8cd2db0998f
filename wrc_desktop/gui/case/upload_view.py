"""The case window's 上传清单: each slot of the online system, its file, the paper's tick boxes.

Before an assembly it shows where each item will go and whether a scan is there; after one,
the rows of the 上传清单.pdf just written, with what the scan checks found.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

HEADERS = ("账号", "附件位置", "文件", "扫描前纸面须完成", "扫描检查")
MISSING = QColor("#b3261e")


class UploadListView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((70, 240, 220, 260)):
            self.tree.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        self.rows: list[dict] = []

    def show_rows(self, rows: list[dict], *, built: bool) -> None:
        self.rows = rows
        self.tree.clear()
        missing = sum(1 for row in rows if not row["file"] and row["required"])
        state = "已按上次整理生成" if built else "整理材料后生成上传/ 文件夹和上传清单.pdf"
        self.heading.setText(
            f"网上上传共 {len(rows)} 项，缺扫描件 {missing} 项（必交）；{state}。"
            "页面方向仅按 EXIF 检查，未按文字核对。"
        )
        for row in rows:
            place = f"{row['module']} → {row['slot']}" + ("（未核实）" if row["unverified"] else "")
            shown = str(row["file"]).split("/", 1)[-1] if row["file"] else "尚无扫描件"
            steps = "\n".join(f"□ {step}" for step in row["preparation"])
            item = QTreeWidgetItem(
                [f"{row['login']}", place, shown, steps, "\n".join(map(str, row["checks"]))]
            )
            item.setToolTip(1, f"{row['source']}：“{row['quote']}”")
            item.setToolTip(3, steps)
            item.setToolTip(4, item.text(4))
            if not row["file"] and row["required"]:
                item.setForeground(2, QBrush(MISSING))
            item.setData(0, Qt.ItemDataRole.UserRole, row["number"])
            self.tree.addTopLevelItem(item)
