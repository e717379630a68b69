; Inno Setup script for PainClinic Desktop on Windows (Inno Setup 6.2 or newer).
;
; Build the bundle first (installer\windows\build.ps1 does both steps), then:
;   iscc /DAppVersion=0.1.0 installer\windows\painclinic.iss
; The installer is written to dist\PainClinic-Desktop-<version>-setup.exe.
;
; It installs for the current user without administrator rights (an admin may choose "all
; users"), adds Start menu entries (the app, the demo caseload to practise on, uninstall) and
; an optional desktop icon. Uninstalling removes the programs only: the data folder (service
; database, key file, backups, drafts, logs) stays, and the last message says where it is.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "PainClinic Desktop"
#define AppExe "painclinic-desktop.exe"
#define Bundle "..\..\dist\PainClinic"

[Setup]
AppId={{6F3C2A1E-5B7D-4E8A-9C21-7D4B0E9F3A12}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=PainClinic
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
DefaultDirName={autopf}\PainClinic Desktop
DefaultGroupName=PainClinic Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=PainClinic-Desktop-{#AppVersion}-setup
SetupIconFile=painclinic.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: both programs and everything they load. Nothing is downloaded
; when the app runs.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "painclinic.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\painclinic.ico"
Name: "{group}\{#AppName} - practise on the demo caseload"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; IconFilename: "{app}\painclinic.ico"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\painclinic.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entries: the data folder is never removed by the uninstaller.

[Code]
function DataFolder(): String;
begin
  { platformdirs.user_data_dir("PainClinic", appauthor=False) on Windows }
  Result := ExpandConstant('{localappdata}\PainClinic');
end;

function LastDatabase(): String;
begin
  { QSettings("PainClinic", "PainClinic Desktop") keeps "database/last" here }
  if not RegQueryStringValue(HKCU, 'Software\PainClinic\PainClinic Desktop\database', 'last', Result) then
    Result := '';
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Message, Last: String;
begin
  if (CurUninstallStep <> usPostUninstall) or UninstallSilent() then
    exit;
  Message := '{#AppName} has been removed.' + #13#10#13#10 +
    'Your data has NOT been removed. It is in:' + #13#10 + DataFolder();
  Last := LastDatabase();
  if (Last <> '') and (Pos(Lowercase(DataFolder()), Lowercase(Last)) <> 1) then
    Message := Message + #13#10#13#10 + 'The service database last opened is:' + #13#10 + Last +
      #13#10 + '(with its .keys file and backups folder beside it)';
  Message := Message + #13#10#13#10 +
    'Keep it to use it again after reinstalling. To dispose of it, follow your service''s ' +
    'data-retention procedure: deleting it removes every client record on this computer.';
  MsgBox(Message, mbInformation, MB_OK);
end;
