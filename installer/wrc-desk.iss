; (Saved as UTF-8 with a byte-order mark: Inno Setup reads the Chinese texts correctly only so.)
; Inno Setup script: a per-user installer of the one-folder build (pyinstaller build.spec).
; Build it with  python installer\build_installer.py  (passes the version from pyproject.toml).
; No administrator rights: the program goes to %LOCALAPPDATA%\Programs\WRC Desk; the clerk's data
; (register, backups, logs) lives in %APPDATA%\WRCDesk, which the uninstaller does not touch.

#define AppName "工作居住证办理助手"
#define AppPublisher "WRC Desk"
#define AppExeName "wrc-desktop.exe"
#define AppUserModelID "WRCDesk.WRCDesk"
#define LinkScheme "wrcdesk"
#ifndef BuildFolder
  #define BuildFolder "..\dist\wrc-desktop"
#endif
#ifndef AppVersion
  #error 缺少版本号：请运行 python installer\build_installer.py（从 pyproject.toml 读取版本号）
#endif

[Setup]
AppId={{6B1F3C2E-8D54-4C1A-9E7B-3F0A2D5C9E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\WRC Desk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist\installer
OutputBaseFilename=WRCDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "{#BuildFolder}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The AppUserModelID lets the daily reminder's toast carry the app's name and icon.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; AppUserModelID: "{#AppUserModelID}"
Name: "{autoprograms}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; wrcdesk: links (the reminder's toast) open the app; per user, removed on uninstall.
Root: HKCU; Subkey: "Software\Classes\{#LinkScheme}"; ValueType: string; ValueName: ""; ValueData: "URL:{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#LinkScheme}"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\{#LinkScheme}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"""

[Run]
Filename: "{app}\{#AppExeName}"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; The daily reminder task would point at a removed program. The data folder stays.
Filename: "{app}\{#AppExeName}"; Parameters: "reminders uninstall"; Flags: runhidden; RunOnceId: "RemoveReminder"
