# Build PainClinic Desktop for Windows: the one-folder bundle, its smoke tests, then the
# installer (Inno Setup 6). Run from a PowerShell prompt at the repository root:
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
#
# Needs Python 3.11+ (python.org, "py" launcher) and Inno Setup 6 (iscc.exe on PATH or in its
# default folder). Creates .venv-windows beside the repository's files.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root
$Started = Get-Date

if (-not (Test-Path ".venv-windows\Scripts\python.exe")) { py -3 -m venv .venv-windows }
$Python = Join-Path $Root ".venv-windows\Scripts\python.exe"
& $Python -m pip install -q --upgrade pip
# The same locked dependency set as Linux and CI (requirements\app.txt, made by scripts/lock.sh).
& $Python -m pip install -q -c requirements\app.txt -e . "pyinstaller>=6.10,<7"
if ($LASTEXITCODE -ne 0) { throw "pip could not install the locked dependencies" }
$Version = & $Python -c "import painclinic_desktop; print(painclinic_desktop.__version__)"

& $Python -m PyInstaller --noconfirm --clean --log-level WARN --workpath build\pyinstaller `
  --distpath dist installer\painclinic.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$Built = Get-Date

# Smoke tests on a temporary data folder, with no visible window.
$Scratch = Join-Path $env:TEMP ("painclinic-smoke-" + [guid]::NewGuid())
$env:PAINCLINIC_DATA_DIR = Join-Path $Scratch "data"
$env:QT_QPA_PLATFORM = "offscreen"
try {
  & dist\PainClinic\painclinic.exe --help | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "painclinic --help failed" }
  foreach ($check in @("--check-imports", "--smoke-test")) {
    $run = Start-Process dist\PainClinic\painclinic-desktop.exe -ArgumentList $check -Wait -PassThru
    if ($run.ExitCode -ne 0) { throw "painclinic-desktop $check failed ($($run.ExitCode))" }
  }
} finally {
  Remove-Item Env:PAINCLINIC_DATA_DIR, Env:QT_QPA_PLATFORM
  Remove-Item -Recurse -Force $Scratch -ErrorAction SilentlyContinue
}

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" installer\windows\painclinic.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$Size = (Get-ChildItem dist\PainClinic -Recurse | Measure-Object -Sum Length).Sum / 1MB
"PyInstaller took {0:N0} s; bundle {1:N0} MB; installer in dist\" -f ($Built - $Started).TotalSeconds, $Size
