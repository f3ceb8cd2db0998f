# generated — do not edit.
# Made by `python -m wrc_desktop.gui.shell.build_ui` from ui/holder_dialog.ui; edit the .ui in Qt Designer
# and run that command again.
# source-sha256: 188c3959858036c584c42c0747a6dbd8f5a2f7ea7543f10030b868e535fbf890
# ruff: noqa
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'holder_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
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
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QTabWidget, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget)

from wrc_desktop.gui.widgets.date_field import DateField

class Ui_HolderDialog(object):
    def setupUi(self, HolderDialog):
        if not HolderDialog.objectName():
            HolderDialog.setObjectName(u"HolderDialog")
        HolderDialog.resize(640, 640)
        self.dialogLayout = QVBoxLayout(HolderDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.tabs = QTabWidget(HolderDialog)
        self.tabs.setObjectName(u"tabs")
        self.basicTab = QWidget()
        self.basicTab.setObjectName(u"basicTab")
        self.basicLayout = QVBoxLayout(self.basicTab)
        self.basicLayout.setObjectName(u"basicLayout")
        self.basicHint = QLabel(self.basicTab)
        self.basicHint.setObjectName(u"basicHint")
        self.basicHint.setWordWrap(True)

        self.basicLayout.addWidget(self.basicHint)

        self.basicForm = QFormLayout()
        self.basicForm.setObjectName(u"basicForm")
        self.basicForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.basicForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.basicFormLabel0 = QLabel(self.basicTab)
        self.basicFormLabel0.setObjectName(u"basicFormLabel0")

        self.basicForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.basicFormLabel0)

        self.unitCombo = QComboBox(self.basicTab)
        self.unitCombo.setObjectName(u"unitCombo")

        self.basicForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.unitCombo)

        self.basicFormLabel1 = QLabel(self.basicTab)
        self.basicFormLabel1.setObjectName(u"basicFormLabel1")

        self.basicForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.basicFormLabel1)

        self.nameEdit = QLineEdit(self.basicTab)
        self.nameEdit.setObjectName(u"nameEdit")

        self.basicForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.basicFormLabel2 = QLabel(self.basicTab)
        self.basicFormLabel2.setObjectName(u"basicFormLabel2")

        self.basicForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.basicFormLabel2)

        self.idTypeCombo = QComboBox(self.basicTab)
        self.idTypeCombo.setObjectName(u"idTypeCombo")

        self.basicForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.idTypeCombo)

        self.basicFormLabel3 = QLabel(self.basicTab)
        self.basicFormLabel3.setObjectName(u"basicFormLabel3")

        self.basicForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.basicFormLabel3)

        self.idNumberEdit = QLineEdit(self.basicTab)
        self.idNumberEdit.setObjectName(u"idNumberEdit")

        self.basicForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.idNumberEdit)

        self.basicFormLabel4 = QLabel(self.basicTab)
        self.basicFormLabel4.setObjectName(u"basicFormLabel4")

        self.basicForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.basicFormLabel4)

        self.genderCombo = QComboBox(self.basicTab)
        self.genderCombo.setObjectName(u"genderCombo")

        self.basicForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.genderCombo)

        self.basicFormLabel5 = QLabel(self.basicTab)
        self.basicFormLabel5.setObjectName(u"basicFormLabel5")

        self.basicForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.basicFormLabel5)

        self.birthDateEdit = DateField(self.basicTab)
        self.birthDateEdit.setObjectName(u"birthDateEdit")

        self.basicForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.birthDateEdit)

        self.basicFormLabel6 = QLabel(self.basicTab)
        self.basicFormLabel6.setObjectName(u"basicFormLabel6")

        self.basicForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.basicFormLabel6)

        self.phoneEdit = QLineEdit(self.basicTab)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.basicForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.basicFormLabel7 = QLabel(self.basicTab)
        self.basicFormLabel7.setObjectName(u"basicFormLabel7")

        self.basicForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.basicFormLabel7)

        self.departmentEdit = QLineEdit(self.basicTab)
        self.departmentEdit.setObjectName(u"departmentEdit")

        self.basicForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.departmentEdit)

        self.basicFormLabel8 = QLabel(self.basicTab)
        self.basicFormLabel8.setObjectName(u"basicFormLabel8")

        self.basicForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.basicFormLabel8)

        self.jobTitleEdit = QLineEdit(self.basicTab)
        self.jobTitleEdit.setObjectName(u"jobTitleEdit")

        self.basicForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.jobTitleEdit)

        self.basicFormLabel9 = QLabel(self.basicTab)
        self.basicFormLabel9.setObjectName(u"basicFormLabel9")

        self.basicForm.setWidget(9, QFormLayout.ItemRole.LabelRole, self.basicFormLabel9)

        self.statusCombo = QComboBox(self.basicTab)
        self.statusCombo.setObjectName(u"statusCombo")

        self.basicForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.basicFormLabel10 = QLabel(self.basicTab)
        self.basicFormLabel10.setObjectName(u"basicFormLabel10")

        self.basicForm.setWidget(10, QFormLayout.ItemRole.LabelRole, self.basicFormLabel10)

        self.leftOnEdit = DateField(self.basicTab)
        self.leftOnEdit.setObjectName(u"leftOnEdit")

        self.basicForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.leftOnEdit)


        self.basicLayout.addLayout(self.basicForm)

        self.basicSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.basicLayout.addItem(self.basicSpacer)

        self.tabs.addTab(self.basicTab, "")
        self.workTab = QWidget()
        self.workTab.setObjectName(u"workTab")
        self.workForm = QFormLayout(self.workTab)
        self.workForm.setObjectName(u"workForm")
        self.workForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.workForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.workFormLabel0 = QLabel(self.workTab)
        self.workFormLabel0.setObjectName(u"workFormLabel0")

        self.workForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.workFormLabel0)

        self.hireDateEdit = DateField(self.workTab)
        self.hireDateEdit.setObjectName(u"hireDateEdit")

        self.workForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.hireDateEdit)

        self.workFormLabel1 = QLabel(self.workTab)
        self.workFormLabel1.setObjectName(u"workFormLabel1")

        self.workForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.workFormLabel1)

        self.contractStartEdit = DateField(self.workTab)
        self.contractStartEdit.setObjectName(u"contractStartEdit")

        self.workForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.contractStartEdit)

        self.workFormLabel2 = QLabel(self.workTab)
        self.workFormLabel2.setObjectName(u"workFormLabel2")

        self.workForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.workFormLabel2)

        self.contractEndEdit = DateField(self.workTab)
        self.contractEndEdit.setObjectName(u"contractEndEdit")

        self.workForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.contractEndEdit)

        self.workFormLabel3 = QLabel(self.workTab)
        self.workFormLabel3.setObjectName(u"workFormLabel3")

        self.workForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.workFormLabel3)

        self.socialInsuranceStartEdit = DateField(self.workTab)
        self.socialInsuranceStartEdit.setObjectName(u"socialInsuranceStartEdit")

        self.workForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.socialInsuranceStartEdit)

        self.workFormLabel4 = QLabel(self.workTab)
        self.workFormLabel4.setObjectName(u"workFormLabel4")

        self.workForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.workFormLabel4)

        self.degreeCombo = QComboBox(self.workTab)
        self.degreeCombo.setObjectName(u"degreeCombo")

        self.workForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.degreeCombo)

        self.workFormLabel5 = QLabel(self.workTab)
        self.workFormLabel5.setObjectName(u"workFormLabel5")

        self.workForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.workFormLabel5)

        self.degreeDateEdit = DateField(self.workTab)
        self.degreeDateEdit.setObjectName(u"degreeDateEdit")

        self.workForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.degreeDateEdit)

        self.workFormLabel6 = QLabel(self.workTab)
        self.workFormLabel6.setObjectName(u"workFormLabel6")

        self.workForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.workFormLabel6)

        self.degreeForeignCheck = QCheckBox(self.workTab)
        self.degreeForeignCheck.setObjectName(u"degreeForeignCheck")

        self.workForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.degreeForeignCheck)

        self.workFormLabel7 = QLabel(self.workTab)
        self.workFormLabel7.setObjectName(u"workFormLabel7")

        self.workForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.workFormLabel7)

        self.professionalTitleEdit = QLineEdit(self.workTab)
        self.professionalTitleEdit.setObjectName(u"professionalTitleEdit")

        self.workForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.professionalTitleEdit)

        self.workFormLabel8 = QLabel(self.workTab)
        self.workFormLabel8.setObjectName(u"workFormLabel8")

        self.workForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.workFormLabel8)

        self.addressEdit = QLineEdit(self.workTab)
        self.addressEdit.setObjectName(u"addressEdit")

        self.workForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.addressEdit)

        self.workFormLabel9 = QLabel(self.workTab)
        self.workFormLabel9.setObjectName(u"workFormLabel9")

        self.workForm.setWidget(9, QFormLayout.ItemRole.LabelRole, self.workFormLabel9)

        self.housingKindCombo = QComboBox(self.workTab)
        self.housingKindCombo.setObjectName(u"housingKindCombo")

        self.workForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.housingKindCombo)

        self.workFormLabel10 = QLabel(self.workTab)
        self.workFormLabel10.setObjectName(u"workFormLabel10")

        self.workForm.setWidget(10, QFormLayout.ItemRole.LabelRole, self.workFormLabel10)

        self.notesEdit = QPlainTextEdit(self.workTab)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setMaximumSize(QSize(16777215, 80))

        self.workForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.notesEdit)

        self.tabs.addTab(self.workTab, "")
        self.permitTab = QWidget()
        self.permitTab.setObjectName(u"permitTab")
        self.permitLayout = QVBoxLayout(self.permitTab)
        self.permitLayout.setObjectName(u"permitLayout")
        self.permitHint = QLabel(self.permitTab)
        self.permitHint.setObjectName(u"permitHint")
        self.permitHint.setWordWrap(True)

        self.permitLayout.addWidget(self.permitHint)

        self.permitForm = QFormLayout()
        self.permitForm.setObjectName(u"permitForm")
        self.permitForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.permitForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.permitFormLabel0 = QLabel(self.permitTab)
        self.permitFormLabel0.setObjectName(u"permitFormLabel0")

        self.permitForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.permitFormLabel0)

        self.certificateNoEdit = QLineEdit(self.permitTab)
        self.certificateNoEdit.setObjectName(u"certificateNoEdit")

        self.permitForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.certificateNoEdit)

        self.permitFormLabel1 = QLabel(self.permitTab)
        self.permitFormLabel1.setObjectName(u"permitFormLabel1")

        self.permitForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.permitFormLabel1)

        self.firstIssuedEdit = DateField(self.permitTab)
        self.firstIssuedEdit.setObjectName(u"firstIssuedEdit")

        self.permitForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.firstIssuedEdit)

        self.permitFormLabel2 = QLabel(self.permitTab)
        self.permitFormLabel2.setObjectName(u"permitFormLabel2")

        self.permitForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.permitFormLabel2)

        self.permitStartEdit = DateField(self.permitTab)
        self.permitStartEdit.setObjectName(u"permitStartEdit")

        self.permitForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.permitStartEdit)

        self.permitFormLabel3 = QLabel(self.permitTab)
        self.permitFormLabel3.setObjectName(u"permitFormLabel3")

        self.permitForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.permitFormLabel3)

        self.expiryEdit = DateField(self.permitTab)
        self.expiryEdit.setObjectName(u"expiryEdit")

        self.permitForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.expiryEdit)

        self.permitFormLabel4 = QLabel(self.permitTab)
        self.permitFormLabel4.setObjectName(u"permitFormLabel4")

        self.permitForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.permitFormLabel4)

        self.permitStatusCombo = QComboBox(self.permitTab)
        self.permitStatusCombo.setObjectName(u"permitStatusCombo")

        self.permitForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.permitStatusCombo)


        self.permitLayout.addLayout(self.permitForm)

        self.renewGroup = QGroupBox(self.permitTab)
        self.renewGroup.setObjectName(u"renewGroup")
        self.renewForm = QFormLayout(self.renewGroup)
        self.renewForm.setObjectName(u"renewForm")
        self.renewForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.renewForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.renewFormLabel0 = QLabel(self.renewGroup)
        self.renewFormLabel0.setObjectName(u"renewFormLabel0")

        self.renewForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.renewFormLabel0)

        self.renewStartEdit = DateField(self.renewGroup)
        self.renewStartEdit.setObjectName(u"renewStartEdit")

        self.renewForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.renewStartEdit)

        self.renewFormLabel1 = QLabel(self.renewGroup)
        self.renewFormLabel1.setObjectName(u"renewFormLabel1")

        self.renewForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.renewFormLabel1)

        self.renewExpiryEdit = DateField(self.renewGroup)
        self.renewExpiryEdit.setObjectName(u"renewExpiryEdit")

        self.renewForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.renewExpiryEdit)


        self.permitLayout.addWidget(self.renewGroup)

        self.historyLabel = QLabel(self.permitTab)
        self.historyLabel.setObjectName(u"historyLabel")

        self.permitLayout.addWidget(self.historyLabel)

        self.historyTable = QTableWidget(self.permitTab)
        if (self.historyTable.columnCount() < 5):
            self.historyTable.setColumnCount(5)
        __qtablewidgetitem = QTableWidgetItem()
        self.historyTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.historyTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.historyTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.historyTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.historyTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        self.historyTable.setObjectName(u"historyTable")
        self.historyTable.setAlternatingRowColors(True)
        self.historyTable.setSelectionBehavior(QAbstractItemView.SelectRows)

        self.permitLayout.addWidget(self.historyTable)

        self.tabs.addTab(self.permitTab, "")
        self.familyTab = QWidget()
        self.familyTab.setObjectName(u"familyTab")
        self.familyLayout = QVBoxLayout(self.familyTab)
        self.familyLayout.setObjectName(u"familyLayout")
        self.familyHint = QLabel(self.familyTab)
        self.familyHint.setObjectName(u"familyHint")
        self.familyHint.setWordWrap(True)

        self.familyLayout.addWidget(self.familyHint)

        self.familyTable = QTableWidget(self.familyTab)
        if (self.familyTable.columnCount() < 6):
            self.familyTable.setColumnCount(6)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.familyTable.setHorizontalHeaderItem(0, __qtablewidgetitem5)
        __qtablewidgetitem6 = QTableWidgetItem()
        self.familyTable.setHorizontalHeaderItem(1, __qtablewidgetitem6)
        __qtablewidgetitem7 = QTableWidgetItem()
        self.familyTable.setHorizontalHeaderItem(2, __qtablewidgetitem7)
        __qtablewidgetitem8 = QTableWidgetItem()
        self.familyTable.setHorizontalHeaderItem(3, __qtablewidgetitem8)
        __qtablewidgetitem9 = QTableWidgetItem()
        self.familyTable.setHorizontalHeaderItem(4, __qtablewidgetitem9)
        __qtablewidgetitem10 = QTableWidgetItem()
        self.familyTable.setHorizontalHeaderItem(5, __qtablewidgetitem10)
        self.familyTable.setObjectName(u"familyTable")
        self.familyTable.setAlternatingRowColors(True)
        self.familyTable.setSelectionBehavior(QAbstractItemView.SelectRows)

        self.familyLayout.addWidget(self.familyTable)

        self.familyErrorLabel = QLabel(self.familyTab)
        self.familyErrorLabel.setObjectName(u"familyErrorLabel")
        self.familyErrorLabel.setWordWrap(True)
        self.familyErrorLabel.setVisible(False)

        self.familyLayout.addWidget(self.familyErrorLabel)

        self.familyButtons = QHBoxLayout()
        self.familyButtons.setObjectName(u"familyButtons")
        self.addFamilyButton = QPushButton(self.familyTab)
        self.addFamilyButton.setObjectName(u"addFamilyButton")

        self.familyButtons.addWidget(self.addFamilyButton)

        self.removeFamilyButton = QPushButton(self.familyTab)
        self.removeFamilyButton.setObjectName(u"removeFamilyButton")

        self.familyButtons.addWidget(self.removeFamilyButton)

        self.familyButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.familyButtons.addItem(self.familyButtonsSpacer)


        self.familyLayout.addLayout(self.familyButtons)

        self.tabs.addTab(self.familyTab, "")

        self.dialogLayout.addWidget(self.tabs)

        self.summaryLabel = QLabel(HolderDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)
        self.summaryLabel.setVisible(False)

        self.dialogLayout.addWidget(self.summaryLabel)

        self.buttonBox = QDialogButtonBox(HolderDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.dialogLayout.addWidget(self.buttonBox)


        self.retranslateUi(HolderDialog)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(HolderDialog)
    # setupUi

    def retranslateUi(self, HolderDialog):
        HolderDialog.setWindowTitle(QCoreApplication.translate("HolderDialog", u"\u6301\u8bc1\u4eba", None))
        self.basicHint.setText(QCoreApplication.translate("HolderDialog", u"\u5e26 * \u7684\u4e3a\u5fc5\u586b\u9879\u3002\u8f93\u5165\u5c45\u6c11\u8eab\u4efd\u8bc1\u53f7\u7801\u540e\uff0c\u6027\u522b\u548c\u51fa\u751f\u65e5\u671f\u4f1a\u81ea\u52a8\u8bc6\u522b\u3002", None))
        self.basicFormLabel0.setText(QCoreApplication.translate("HolderDialog", u"\u6240\u5c5e\u5355\u4f4d", None))
        self.basicFormLabel1.setText(QCoreApplication.translate("HolderDialog", u"\u59d3\u540d *", None))
        self.basicFormLabel2.setText(QCoreApplication.translate("HolderDialog", u"\u8bc1\u4ef6\u7c7b\u578b", None))
        self.basicFormLabel3.setText(QCoreApplication.translate("HolderDialog", u"\u8bc1\u4ef6\u53f7\u7801 *", None))
        self.idNumberEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"18 \u4f4d\u5c45\u6c11\u8eab\u4efd\u8bc1\u53f7\u7801\uff0c\u672b\u4f4d\u53ef\u4e3a X", None))
        self.basicFormLabel4.setText(QCoreApplication.translate("HolderDialog", u"\u6027\u522b", None))
        self.basicFormLabel5.setText(QCoreApplication.translate("HolderDialog", u"\u51fa\u751f\u65e5\u671f", None))
        self.birthDateEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.basicFormLabel6.setText(QCoreApplication.translate("HolderDialog", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.basicFormLabel7.setText(QCoreApplication.translate("HolderDialog", u"\u90e8\u95e8", None))
        self.basicFormLabel8.setText(QCoreApplication.translate("HolderDialog", u"\u804c\u52a1", None))
        self.basicFormLabel9.setText(QCoreApplication.translate("HolderDialog", u"\u5728\u804c\u72b6\u6001", None))
        self.basicFormLabel10.setText(QCoreApplication.translate("HolderDialog", u"\u79bb\u804c\u65e5\u671f", None))
        self.leftOnEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.tabs.setTabText(self.tabs.indexOf(self.basicTab), QCoreApplication.translate("HolderDialog", u"\u57fa\u672c\u4fe1\u606f", None))
        self.workFormLabel0.setText(QCoreApplication.translate("HolderDialog", u"\u5165\u804c\u65e5\u671f", None))
        self.hireDateEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.workFormLabel1.setText(QCoreApplication.translate("HolderDialog", u"\u52b3\u52a8\u5408\u540c\u5f00\u59cb\u65e5\u671f", None))
        self.contractStartEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.workFormLabel2.setText(QCoreApplication.translate("HolderDialog", u"\u52b3\u52a8\u5408\u540c\u5230\u671f\u65e5\u671f", None))
        self.contractEndEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.workFormLabel3.setText(QCoreApplication.translate("HolderDialog", u"\u672c\u5e02\u793e\u4fdd\u8d77\u7f34\u65e5\u671f", None))
        self.socialInsuranceStartEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.workFormLabel4.setText(QCoreApplication.translate("HolderDialog", u"\u6700\u9ad8\u5b66\u4f4d", None))
        self.workFormLabel5.setText(QCoreApplication.translate("HolderDialog", u"\u5b66\u4f4d\u53d6\u5f97\u65e5\u671f", None))
        self.degreeDateEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.workFormLabel6.setText(QCoreApplication.translate("HolderDialog", u"\u5883\u5916\u5b66\u4f4d", None))
        self.degreeForeignCheck.setText(QCoreApplication.translate("HolderDialog", u"\u5728\u5883\u5916\u53d6\u5f97\uff08\u9700\u7559\u5b66\u670d\u52a1\u4e2d\u5fc3\u8ba4\u8bc1\uff09", None))
        self.workFormLabel7.setText(QCoreApplication.translate("HolderDialog", u"\u4e13\u4e1a\u6280\u672f\u804c\u79f0", None))
        self.workFormLabel8.setText(QCoreApplication.translate("HolderDialog", u"\u5c45\u4f4f\u5730\u5740", None))
        self.workFormLabel9.setText(QCoreApplication.translate("HolderDialog", u"\u4f4f\u6240\u8bc1\u660e\u7c7b\u578b", None))
        self.workFormLabel10.setText(QCoreApplication.translate("HolderDialog", u"\u5907\u6ce8", None))
        self.tabs.setTabText(self.tabs.indexOf(self.workTab), QCoreApplication.translate("HolderDialog", u"\u5de5\u4f5c\u4e0e\u5b66\u5386", None))
        self.permitHint.setText(QCoreApplication.translate("HolderDialog", u"\u5c1a\u672a\u53d6\u5f97\u5de5\u4f5c\u5c45\u4f4f\u8bc1\u7684\u4eba\u5458\u53ef\u4e0d\u586b\u5199\u672c\u9875\u3002", None))
        self.permitFormLabel0.setText(QCoreApplication.translate("HolderDialog", u"\u8bc1\u4e66\u7f16\u53f7", None))
        self.permitFormLabel1.setText(QCoreApplication.translate("HolderDialog", u"\u9996\u6b21\u53d1\u8bc1\u65e5\u671f", None))
        self.firstIssuedEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.permitFormLabel2.setText(QCoreApplication.translate("HolderDialog", u"\u6709\u6548\u671f\u8d77", None))
        self.permitStartEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.permitFormLabel3.setText(QCoreApplication.translate("HolderDialog", u"\u6709\u6548\u671f\u81f3", None))
        self.expiryEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.permitFormLabel4.setText(QCoreApplication.translate("HolderDialog", u"\u8bc1\u4ef6\u72b6\u6001", None))
        self.renewGroup.setTitle(QCoreApplication.translate("HolderDialog", u"\u7eed\u7b7e\uff1a\u65b0\u589e\u4e00\u6bb5\u6709\u6548\u671f\uff08\u539f\u6709\u6548\u671f\u4fdd\u7559\u5728\u5386\u53f2\u4e2d\uff09", None))
        self.renewFormLabel0.setText(QCoreApplication.translate("HolderDialog", u"\u65b0\u6709\u6548\u671f\u8d77", None))
        self.renewStartEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.renewFormLabel1.setText(QCoreApplication.translate("HolderDialog", u"\u65b0\u6709\u6548\u671f\u81f3", None))
        self.renewExpiryEdit.setPlaceholderText(QCoreApplication.translate("HolderDialog", u"\u5982 2026-01-05", None))
        self.historyLabel.setText(QCoreApplication.translate("HolderDialog", u"\u6709\u6548\u671f\u5386\u53f2", None))
        ___qtablewidgetitem = self.historyTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("HolderDialog", u"\u8bc1\u4e66\u7f16\u53f7", None))
        ___qtablewidgetitem1 = self.historyTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("HolderDialog", u"\u6709\u6548\u671f\u8d77", None))
        ___qtablewidgetitem2 = self.historyTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("HolderDialog", u"\u6709\u6548\u671f\u81f3", None))
        ___qtablewidgetitem3 = self.historyTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("HolderDialog", u"\u6765\u6e90", None))
        ___qtablewidgetitem4 = self.historyTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("HolderDialog", u"\u8bb0\u5f55\u65f6\u95f4", None))
        self.tabs.setTabText(self.tabs.indexOf(self.permitTab), QCoreApplication.translate("HolderDialog", u"\u5de5\u4f5c\u5c45\u4f4f\u8bc1", None))
        self.familyHint.setText(QCoreApplication.translate("HolderDialog", u"\u586b\u5199\u968f\u672c\u4eba\u529e\u7406\u7684\u914d\u5076\u548c\u5b50\u5973\u3002\u5b50\u5973\u987b\u586b\u5199\u51fa\u751f\u65e5\u671f\u6216\u8eab\u4efd\u8bc1\u53f7\u7801\uff1b\u672a\u52fe\u9009\u201c\u968f\u5f80\u201d\u7684\u4ec5\u4f5c\u8bb0\u5f55\u3002", None))
        ___qtablewidgetitem5 = self.familyTable.horizontalHeaderItem(0)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("HolderDialog", u"\u5173\u7cfb", None))
        ___qtablewidgetitem6 = self.familyTable.horizontalHeaderItem(1)
        ___qtablewidgetitem6.setText(QCoreApplication.translate("HolderDialog", u"\u59d3\u540d", None))
        ___qtablewidgetitem7 = self.familyTable.horizontalHeaderItem(2)
        ___qtablewidgetitem7.setText(QCoreApplication.translate("HolderDialog", u"\u8bc1\u4ef6\u53f7\u7801", None))
        ___qtablewidgetitem8 = self.familyTable.horizontalHeaderItem(3)
        ___qtablewidgetitem8.setText(QCoreApplication.translate("HolderDialog", u"\u51fa\u751f\u65e5\u671f", None))
        ___qtablewidgetitem9 = self.familyTable.horizontalHeaderItem(4)
        ___qtablewidgetitem9.setText(QCoreApplication.translate("HolderDialog", u"\u5de5\u4f5c\u5355\u4f4d", None))
        ___qtablewidgetitem10 = self.familyTable.horizontalHeaderItem(5)
        ___qtablewidgetitem10.setText(QCoreApplication.translate("HolderDialog", u"\u968f\u5f80", None))
        self.addFamilyButton.setText(QCoreApplication.translate("HolderDialog", u"\u6dfb\u52a0\u968f\u5f80\u4eba\u5458", None))
        self.removeFamilyButton.setText(QCoreApplication.translate("HolderDialog", u"\u5220\u9664\u6240\u9009", None))
        self.tabs.setTabText(self.tabs.indexOf(self.familyTab), QCoreApplication.translate("HolderDialog", u"\u968f\u5f80\u4eba\u5458", None))
    # retranslateUi

