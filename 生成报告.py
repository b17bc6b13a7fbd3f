#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""生成报告：不用 make，在 Windows、macOS 和 Linux 上一步生成 inputs/ 中每个工作簿的报告。

双击本文件，或在本文件夹中运行

    python 生成报告.py            生成报告（与 make report 相同）
    python 生成报告.py 检查       只检查工作簿，列出全部问题（与 make check 相同）
    python 生成报告.py 安装       只建立或修复 .venv 并安装所需软件
    python 生成报告.py 安装测试   同上，另装测试和开发工具（make test 等使用）

“生成”和“检查”之后的参数原样交给 `python -m generator build` 或 `check`，例如 `python 生成报告.py 生成 --pdf`。

它先检查 Python 版本（需要 3.11 或更高；不够时说明怎样安装，不建立任何文件），再建立或修复 .venv（由旧版
Python 建立或已损坏的 .venv 会被删除重建），按锁定文件 requirements.lock（带哈希）安装所需软件，然后生成报告。
Makefile 的各个目标都调用本文件，两条路线做的是同一件事。

本文件只用 Python 标准库，并且刻意写成旧版 Python 也能读懂的语法（不用 f-string 等），
这样旧版 Python 运行它时，看到的是下面的中文说明，而不是语法错误。
"""

from __future__ import print_function

import hashlib
import os
import shutil
import subprocess
import sys

MINIMUM = (3, 11)
ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
LOCKS = {"运行": "requirements.lock", "测试": "requirements-test.lock"}
STAMP = os.path.join(VENV, ".installed-lock")
NETWORK_SIGNS = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "Network is unreachable",
    "No route to host",
    "Connection refused",
    "Max retries exceeded",
    "ConnectTimeout",
    "Read timed out",
    "ReadTimeoutError",
    "Could not fetch URL",
    "ProxyError",
    "SSLError",
    "(from versions: none)",
)
MIRROR_HELP = """可能是这台电脑连不上 Python 软件包的下载源（没有联网，或访问国外网站很慢）。
请确认电脑已联网后重试；在国内可以改用国内镜像，例如（任选其一，设置一次即可）：
    python -m pip config set global.index-url https://mirrors.aliyun.com/pypi/simple/
    python -m pip config set global.index-url https://pypi.tuna.tsinghua.edu.cn/simple
也可以只对这一次生效：先设置环境变量 PIP_INDEX_URL 为上面的地址再运行本程序
（Windows 命令提示符：set PIP_INDEX_URL=地址；macOS/Linux：export PIP_INDEX_URL=地址）。
镜像中的文件与官方源相同，锁定文件中的哈希照样核对。详见 README.md 的“安装时连不上网”。"""


class Stop(Exception):
    """A step failed; its message, in Chinese, says what to do."""


def say(text=""):
    print(text)
    sys.stdout.flush()


def too_old_message():
    here = "{0}.{1}.{2}".format(*sys.version_info[:3])
    need = "{0}.{1}".format(*MINIMUM)
    return """本程序需要 Python {need} 或更高版本，而运行它的是 Python {here}（{exe}）。
没有建立或改动任何文件。请先安装新版 Python，再运行本程序：
  - Windows：从 https://www.python.org/downloads/ 下载 Python 3.12 安装程序，安装时勾选“Add python.exe to PATH”；
    或在 Microsoft Store 中搜索“Python 3.12”安装。装好后在本文件夹中运行：py -3.12 生成报告.py
  - macOS：从 https://www.python.org/downloads/ 下载安装 Python 3.12，然后运行：python3.12 生成报告.py
  - Linux：用系统的软件包管理器安装 Python {need} 或更高版本（Debian/Ubuntu：sudo apt-get install python3.11 python3.11-venv），
    然后运行：python3.11 生成报告.py""".format(need=need, here=here, exe=sys.executable)


def venv_python():
    if os.name == "nt":
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def venv_version():
    """Return the (major, minor) of the Python in .venv, or None when .venv has none that runs."""
    program = venv_python()
    if not os.path.isfile(program):
        return None
    try:
        done = subprocess.run(
            [program, "-c", "import sys; print('%d %d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        major, minor = done.stdout.split()
        return int(major), int(minor)
    except ValueError:
        return None


def remove_venv():
    try:
        shutil.rmtree(VENV)
    except OSError as exc:
        raise Stop(
            "无法删除旧的 .venv 文件夹（{0}）。请关闭正在使用它的程序（例如打开着的命令窗口或编辑器），"
            "或手工删除 {1} 后重试。".format(exc.strerror or exc, VENV)
        )


def ensure_venv():
    """Create .venv, or rebuild it when it was made by a Python too old, or is broken."""
    if os.path.lexists(VENV):
        version = venv_version()
        if version is not None and version >= MINIMUM:
            return
        if version is None:
            say("发现 .venv 已损坏（其中的 Python 无法运行），正在删除并重建……")
        else:
            say("发现 .venv 是由 Python {0}.{1} 建立的，版本太旧，正在删除并用当前的 Python 重建……".format(*version))
        remove_venv()
    say("正在建立 .venv（本程序专用的 Python 环境）……")
    import venv

    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except Exception as exc:  # noqa: BLE001 -- any failure here leaves a half-made .venv that must go
        if os.path.lexists(VENV):
            shutil.rmtree(VENV, ignore_errors=True)
        hint = ""
        if sys.platform.startswith("linux"):
            hint = "在 Debian/Ubuntu 上，Python 自带的建立环境的模块需另装：sudo apt-get install python3-venv（或 python3.11-venv）。"
        raise Stop("无法建立 .venv（{0}）。{1}然后重试。".format(exc, hint))
    if venv_version() is None:
        shutil.rmtree(VENV, ignore_errors=True)
        raise Stop("建立的 .venv 无法运行，已删除。请检查 Python 的安装是否完整，然后重试。")


def fingerprint(kind):
    digest = hashlib.sha256()
    for name in (LOCKS[kind], "pyproject.toml"):
        with open(os.path.join(ROOT, name), "rb") as handle:
            digest.update(handle.read())
    return "{0} {1}".format(kind, digest.hexdigest())


def installed():
    try:
        with open(STAMP, encoding="utf-8") as handle:
            return set(handle.read().split("\n"))
    except OSError:
        return set()


def pip(*args):
    """Run pip in .venv quietly; raise Stop with a Chinese explanation when it fails."""
    command = [venv_python(), "-m", "pip", "--disable-pip-version-check", "--no-input", "--quiet"]
    command += ["--retries", "2", "--timeout", "30"]
    done = subprocess.run(command + list(args), cwd=ROOT, capture_output=True, text=True, errors="replace")
    if done.returncode == 0:
        return
    log = (done.stdout + done.stderr).strip()
    if any(sign in log for sign in NETWORK_SIGNS):
        raise Stop("安装所需软件失败：下载不成功。\n" + MIRROR_HELP)
    tail = "\n".join(log.splitlines()[-15:])
    raise Stop(
        "安装所需软件失败（pip 的原始输出附在下面，供懂行的同事查看）：\n{0}\n"
        "请确认电脑已联网、磁盘有空间后重试；若仍失败，删除 .venv 文件夹后再运行一次。".format(tail)
    )


def ensure_installed(kind):
    """Install the locked dependencies and this program into .venv, unless the same lock is installed."""
    wanted = fingerprint(kind)
    have = installed()
    if wanted in have or (kind == "运行" and fingerprint("测试") in have):
        return
    say("正在安装所需软件（按 {0}，第一次需要几分钟）……".format(LOCKS[kind]))
    pip("install", "--require-hashes", "-r", os.path.join(ROOT, LOCKS[kind]))
    # -- setuptools comes from the lock file too, so this program builds without fetching anything --
    pip("install", "--no-deps", "--no-build-isolation", "-e", ROOT)
    with open(STAMP, "w", encoding="utf-8") as handle:
        handle.write(wanted + "\n")


def compile_package():
    """Byte-compile the program's own modules in .venv's Python, as installing a wheel would.

    The program is installed editable (its modules stay in generator/), which pip does not compile: where
    PYTHONDONTWRITEBYTECODE is set, every run would compile all of them again. compileall writes regardless
    of that setting and only the modules changed since; Python itself still checks each .pyc against its
    source, so a module edited afterwards is never run stale. A failure here only costs time, so it is not reported.
    """
    subprocess.run(
        [venv_python(), "-m", "compileall", "-q", os.path.join(ROOT, "generator")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_generator(command, extra):
    """Run `python -m generator COMMAND` on inputs/; return its exit status and the reports it wrote."""
    inputs = os.path.join(ROOT, "inputs")
    if not os.path.isdir(inputs):
        raise Stop("找不到 inputs 文件夹（{0}）。请在其中放入填好的工作簿（.xlsx）后重试。".format(inputs))
    args = [venv_python(), "-m", "generator", command, "inputs"]
    if command == "build":
        args += ["-o", "outputs"]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run(args + list(extra), cwd=ROOT, env=env, stdout=subprocess.PIPE)
    out = done.stdout.decode("utf-8", "replace")
    if out:
        sys.stdout.write(out)
    reports = [line for line in out.splitlines() if line.endswith((".docx", ".pdf"))]
    return done.returncode, reports


def summary(command, status, reports):
    if command == "build":
        if status == 0:
            return "完成：生成了 {0} 份文件，在 outputs 文件夹中。".format(len(reports))
        done = "已生成 {0} 份文件；".format(len(reports)) if reports else "没有生成报告；"
        return done + "其余工作簿有问题，原因和位置见上面的说明。改正后重新运行。"
    if status == 0:
        return "检查完成：没有错误。"
    return "检查完成：有错误，原因和位置见上面的说明。改正后重新检查。"


def double_clicked():
    """Return whether this runs in a console window of its own that closes when it ends (Windows).

    A double-clicked script gets a new console shared only with itself (and the `py` launcher); a
    command prompt also sets PROMPT, which Explorer does not. Set PERF_REPORT_NO_PAUSE=1 to never wait.
    """
    if os.name != "nt" or os.environ.get("PERF_REPORT_NO_PAUSE") or os.environ.get("PROMPT"):
        return False
    try:
        import ctypes

        processes = (ctypes.c_uint * 4)()
        count = ctypes.windll.kernel32.GetConsoleProcessList(processes, 4)
    except (ImportError, AttributeError, OSError):
        return False
    return 0 < count <= 2 and sys.stdin is not None and sys.stdin.isatty()


def main(argv):
    action = argv[0] if argv else "生成"
    extra = argv[1:]
    actions = {"生成": "build", "检查": "check", "安装": None, "安装测试": None}
    if action not in actions:
        say("不认识的命令“{0}”。可用：{1}。例如：python 生成报告.py 检查".format(action, "、".join(actions)))
        return 2
    if sys.version_info[:2] < MINIMUM:
        say(too_old_message())
        return 1
    try:
        ensure_venv()
        ensure_installed("测试" if action == "安装测试" else "运行")
        compile_package()
        command = actions[action]
        if command is None:
            say("安装完成：.venv 已就绪。")
            return 0
        status, reports = run_generator(command, extra)
        say()
        say(summary(command, status, reports))
    except Stop as stop:
        say()
        say(str(stop))
        status = 1
    except KeyboardInterrupt:
        say()
        say("已中断。下次运行时会从中断处继续（安装不完整的 .venv 会被重新安装）。")
        status = 1
    if status and os.environ.get("MAKELEVEL"):
        say("（make 在下面显示的 “Error {0}” 指的就是上面这一步没有成功。）".format(status))
    return status


if __name__ == "__main__":
    code = main(sys.argv[1:])
    if double_clicked():
        try:
            input("\n按回车键关闭窗口……")
        except EOFError:
            pass
    sys.exit(code)
