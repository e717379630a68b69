"""The app locks when Windows says the laptop is about to sleep (WM_POWERBROADCAST with
PBT_APMSUSPEND). Windows is simulated: the message is built in memory as Windows lays it out
and handed to the same native event filter Qt calls."""

from __future__ import annotations

import ctypes
import ctypes.wintypes
import sys

from PySide6.QtCore import QByteArray

from painclinic_desktop.ui import lock

WM_POWERBROADCAST, PBT_APMSUSPEND, PBT_APMRESUMEAUTOMATIC = 0x0218, 0x0004, 0x0012


def _message(message: int, w_param: int) -> ctypes.wintypes.MSG:
    msg = ctypes.wintypes.MSG()
    msg.message, msg.wParam = message, w_param
    return msg


def _deliver(sleep_filter, msg) -> None:
    sleep_filter.nativeEventFilter(QByteArray(b"windows_generic_MSG"), ctypes.addressof(msg))


def test_going_to_sleep_locks_and_other_power_messages_do_not(qtbot):
    slept = []
    sleep_filter = lock._WindowsSleepFilter(lambda: slept.append(True))
    resume = _message(WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC)
    _deliver(sleep_filter, resume)
    _deliver(sleep_filter, _message(0x0112, PBT_APMSUSPEND))  # another message, same wParam
    qtbot.wait(50)
    assert slept == []
    suspend = _message(WM_POWERBROADCAST, PBT_APMSUSPEND)
    _deliver(sleep_filter, suspend)
    qtbot.waitUntil(lambda: slept == [True], timeout=2000)


def test_the_filter_is_installed_only_on_windows(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert lock._install_sleep_filter(lambda: None) is None
    monkeypatch.setattr(sys, "platform", "win32")
    installed = lock._install_sleep_filter(lambda: None)
    try:
        assert isinstance(installed, lock._WindowsSleepFilter)
    finally:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.instance().removeNativeEventFilter(installed)
