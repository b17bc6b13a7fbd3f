"""What an operating-system error means, in Chinese: messages never carry the system's English text."""

from __future__ import annotations

import errno

_MEANINGS = {
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EMFILE: "同时打开的文件太多",
    errno.ELOOP: "路径中的快捷方式（符号链接）循环指向自己",
    errno.EIO: "读写磁盘时出错",
    errno.EINVAL: "文件名或路径无效",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.EDQUOT: "磁盘配额已用完",
}


def describe(exc: OSError) -> str:
    """Return a short Chinese phrase saying what went wrong, such as “没有访问权限”."""
    meaning = _MEANINGS.get(exc.errno or 0)
    if meaning:
        return meaning
    if isinstance(exc, PermissionError):
        return "没有访问权限"
    if isinstance(exc, FileNotFoundError):
        return "文件或文件夹不存在"
    return f"系统错误（代码 {exc.errno}）" if exc.errno else "系统错误"
