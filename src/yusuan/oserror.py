"""An operating system's error (no such file, no permission, disk full …) said in Chinese.

Python's ``strerror`` is English ("Permission denied"); a message to a person in a finance office
says what happened in their words, with the file. The original text stays available for
developers (``YUSUAN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import errno

_WORDS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有读写权限",
    errno.EPERM: "操作不被允许（权限不足）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘或文件夹只读",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "同时打开的文件过多",
    errno.EBUSY: "文件正被占用",
    errno.EIO: "磁盘读写出错",
    errno.ELOOP: "符号链接循环",
    errno.EINVAL: "参数或文件名无效",
    errno.ETIMEDOUT: "连接超时",
    errno.ECONNREFUSED: "连接被拒绝",
}
if hasattr(errno, "EDQUOT"):
    _WORDS[errno.EDQUOT] = "磁盘配额已用完"


def describe(error: OSError) -> str:
    """The error in Chinese, e.g. "没有读写权限"; an error without a known number says only that
    the system refused (its English text is not shown)."""
    return _WORDS.get(error.errno or 0, f"系统错误 {error.errno}" if error.errno else "系统拒绝了这一操作")
