# generated — do not edit.
# Made by `python -m wrc_desktop.gui.shell.build_ui` from ui/unit_dialog.ui; edit the .ui in Qt Designer
# and run that command again.
# source-sha256: 69af3bfc4bce546e6623b8a6bfab177434b1d5856a91e5a1a456741cd8069df8
# ruff: noqa
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'unit_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCheckBox,
    QComboBox, QDialog, QDialogButtonBox, QFormLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

class Ui_UnitDialog(object):
    def setupUi(self, UnitDialog):
        if not UnitDialog.objectName():
            UnitDialog.setObjectName(u"UnitDialog")
        UnitDialog.resize(680, 620)
        self.dialogLayout = QVBoxLayout(UnitDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.unitHint = QLabel(UnitDialog)
        self.unitHint.setObjectName(u"unitHint")
        self.unitHint.setWordWrap(True)

        self.dialogLayout.addWidget(self.unitHint)

        self.unitForm = QFormLayout()
        self.unitForm.setObjectName(u"unitForm")
        self.unitForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.unitForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.unitFormLabel0 = QLabel(UnitDialog)
        self.unitFormLabel0.setObjectName(u"unitFormLabel0")

        self.unitForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.unitFormLabel0)

        self.nameEdit = QLineEdit(UnitDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.unitForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.unitFormLabel1 = QLabel(UnitDialog)
        self.unitFormLabel1.setObjectName(u"unitFormLabel1")

        self.unitForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.unitFormLabel1)

        self.usccEdit = QLineEdit(UnitDialog)
        self.usccEdit.setObjectName(u"usccEdit")

        self.unitForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.usccEdit)

        self.unitFormLabel2 = QLabel(UnitDialog)
        self.unitFormLabel2.setObjectName(u"unitFormLabel2")

        self.unitForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.unitFormLabel2)

        self.districtCombo = QComboBox(UnitDialog)
        self.districtCombo.setObjectName(u"districtCombo")

        self.unitForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.districtCombo)

        self.unitFormLabel3 = QLabel(UnitDialog)
        self.unitFormLabel3.setObjectName(u"unitFormLabel3")

        self.unitForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.unitFormLabel3)

        self.kindCombo = QComboBox(UnitDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.unitForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.unitFormLabel4 = QLabel(UnitDialog)
        self.unitFormLabel4.setObjectName(u"unitFormLabel4")

        self.unitForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.unitFormLabel4)

        self.flagsLayout = QVBoxLayout()
        self.flagsLayout.setObjectName(u"flagsLayout")
        self.techInnovationCheck = QCheckBox(UnitDialog)
        self.techInnovationCheck.setObjectName(u"techInnovationCheck")

        self.flagsLayout.addWidget(self.techInnovationCheck)

        self.techServiceCheck = QCheckBox(UnitDialog)
        self.techServiceCheck.setObjectName(u"techServiceCheck")

        self.flagsLayout.addWidget(self.techServiceCheck)

        self.aiKeyCheck = QCheckBox(UnitDialog)
        self.aiKeyCheck.setObjectName(u"aiKeyCheck")

        self.flagsLayout.addWidget(self.aiKeyCheck)


        self.unitForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.flagsLayout)

        self.unitFormLabel5 = QLabel(UnitDialog)
        self.unitFormLabel5.setObjectName(u"unitFormLabel5")

        self.unitForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.unitFormLabel5)

        self.legalRepEdit = QLineEdit(UnitDialog)
        self.legalRepEdit.setObjectName(u"legalRepEdit")

        self.unitForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.legalRepEdit)

        self.unitFormLabel6 = QLabel(UnitDialog)
        self.unitFormLabel6.setObjectName(u"unitFormLabel6")

        self.unitForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.unitFormLabel6)

        self.addressEdit = QLineEdit(UnitDialog)
        self.addressEdit.setObjectName(u"addressEdit")

        self.unitForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.addressEdit)

        self.unitFormLabel7 = QLabel(UnitDialog)
        self.unitFormLabel7.setObjectName(u"unitFormLabel7")

        self.unitForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.unitFormLabel7)

        self.phoneEdit = QLineEdit(UnitDialog)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.unitForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.phoneEdit)


        self.dialogLayout.addLayout(self.unitForm)

        self.agentsGroup = QGroupBox(UnitDialog)
        self.agentsGroup.setObjectName(u"agentsGroup")
        self.agentsLayout = QVBoxLayout(self.agentsGroup)
        self.agentsLayout.setObjectName(u"agentsLayout")
        self.agentsTable = QTableWidget(self.agentsGroup)
        if (self.agentsTable.columnCount() < 6):
            self.agentsTable.setColumnCount(6)
        __qtablewidgetitem = QTableWidgetItem()
        self.agentsTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.agentsTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.agentsTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.agentsTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.agentsTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.agentsTable.setHorizontalHeaderItem(5, __qtablewidgetitem5)
        self.agentsTable.setObjectName(u"agentsTable")
        self.agentsTable.setAlternatingRowColors(True)
        self.agentsTable.setSelectionBehavior(QAbstractItemView.SelectRows)

        self.agentsLayout.addWidget(self.agentsTable)

        self.agentsErrorLabel = QLabel(self.agentsGroup)
        self.agentsErrorLabel.setObjectName(u"agentsErrorLabel")
        self.agentsErrorLabel.setWordWrap(True)
        self.agentsErrorLabel.setVisible(False)

        self.agentsLayout.addWidget(self.agentsErrorLabel)

        self.agentButtons = QHBoxLayout()
        self.agentButtons.setObjectName(u"agentButtons")
        self.addAgentButton = QPushButton(self.agentsGroup)
        self.addAgentButton.setObjectName(u"addAgentButton")

        self.agentButtons.addWidget(self.addAgentButton)

        self.removeAgentButton = QPushButton(self.agentsGroup)
        self.removeAgentButton.setObjectName(u"removeAgentButton")

        self.agentButtons.addWidget(self.removeAgentButton)

        self.agentButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.agentButtons.addItem(self.agentButtonsSpacer)


        self.agentsLayout.addLayout(self.agentButtons)


        self.dialogLayout.addWidget(self.agentsGroup)

        self.summaryLabel = QLabel(UnitDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)
        self.summaryLabel.setVisible(False)

        self.dialogLayout.addWidget(self.summaryLabel)

        self.buttonBox = QDialogButtonBox(UnitDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.dialogLayout.addWidget(self.buttonBox)


        self.retranslateUi(UnitDialog)

        QMetaObject.connectSlotsByName(UnitDialog)
    # setupUi

    def retranslateUi(self, UnitDialog):
        UnitDialog.setWindowTitle(QCoreApplication.translate("UnitDialog", u"\u5355\u4f4d\u4fe1\u606f", None))
        self.unitHint.setText(QCoreApplication.translate("UnitDialog", u"\u5355\u4f4d\u6240\u5c5e\u533a\u51b3\u5b9a\u9002\u7528\u7684\u529e\u7406\u89c4\u5219\uff08\u7eed\u7b7e\u65f6\u95f4\u3001\u6750\u6599\u8981\u6c42\u7b49\uff09\u3002\u5e26 * \u7684\u4e3a\u5fc5\u586b\u9879\u3002", None))
        self.unitFormLabel0.setText(QCoreApplication.translate("UnitDialog", u"\u5355\u4f4d\u540d\u79f0 *", None))
        self.unitFormLabel1.setText(QCoreApplication.translate("UnitDialog", u"\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801 *", None))
        self.usccEdit.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"18 \u4f4d\uff0c\u5982 91110108MA01XXXXXX", None))
        self.unitFormLabel2.setText(QCoreApplication.translate("UnitDialog", u"\u6240\u5c5e\u533a *", None))
        self.unitFormLabel3.setText(QCoreApplication.translate("UnitDialog", u"\u5355\u4f4d\u7c7b\u578b", None))
        self.unitFormLabel4.setText(QCoreApplication.translate("UnitDialog", u"\u5355\u4f4d\u6027\u8d28", None))
        self.techInnovationCheck.setText(QCoreApplication.translate("UnitDialog", u"\u79d1\u6280\u521b\u65b0\u4e3b\u4f53\uff08\u5982\u9ad8\u65b0\u6280\u672f\u4f01\u4e1a\uff09", None))
        self.techServiceCheck.setText(QCoreApplication.translate("UnitDialog", u"\u79d1\u6280\u521b\u65b0\u670d\u52a1\u4e3b\u4f53\uff08\u5982\u5f8b\u6240\u3001\u4f1a\u8ba1\u6240\u3001\u91d1\u878d\u673a\u6784\uff09", None))
        self.aiKeyCheck.setText(QCoreApplication.translate("UnitDialog", u"\u4eba\u5de5\u667a\u80fd\u7b49\u91cd\u70b9\u9886\u57df", None))
        self.unitFormLabel5.setText(QCoreApplication.translate("UnitDialog", u"\u6cd5\u5b9a\u4ee3\u8868\u4eba", None))
        self.unitFormLabel6.setText(QCoreApplication.translate("UnitDialog", u"\u5355\u4f4d\u5730\u5740", None))
        self.unitFormLabel7.setText(QCoreApplication.translate("UnitDialog", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.agentsGroup.setTitle(QCoreApplication.translate("UnitDialog", u"\u7ecf\u529e\u4eba\uff08\u6388\u6743\u59d4\u6258\u4e66\u4e2d\u5217\u660e\uff09", None))
        ___qtablewidgetitem = self.agentsTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("UnitDialog", u"\u59d3\u540d", None))
        ___qtablewidgetitem1 = self.agentsTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("UnitDialog", u"\u6027\u522b", None))
        ___qtablewidgetitem2 = self.agentsTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("UnitDialog", u"\u8eab\u4efd\u8bc1\u53f7\u7801", None))
        ___qtablewidgetitem3 = self.agentsTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("UnitDialog", u"\u90e8\u95e8", None))
        ___qtablewidgetitem4 = self.agentsTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("UnitDialog", u"\u804c\u52a1", None))
        ___qtablewidgetitem5 = self.agentsTable.horizontalHeaderItem(5)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("UnitDialog", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.addAgentButton.setText(QCoreApplication.translate("UnitDialog", u"\u6dfb\u52a0\u7ecf\u529e\u4eba", None))
        self.removeAgentButton.setText(QCoreApplication.translate("UnitDialog", u"\u5220\u9664\u6240\u9009", None))
    # retranslateUi

