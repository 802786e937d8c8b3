"""Write the synthetic DOCX interview transcripts of this folder (run: python make_docx.py).

The transcripts are invented for tests and the demo: the first paragraph of each file says so.
Each turn is one paragraph ``Name：text``, the form tixi reads as speaker turns. The files are
written with a fixed creation date, so running this again gives the same text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

SYNTHETIC_NOTE = "合成数据（synthetic=true）：本转写稿为测试与演示编写的虚构访谈，人物与对话均为编写，不是真实访谈。"

TRANSCRIPTS: dict[str, list[tuple[str, str]]] = {
    "RC-02_liu.docx": [
        ("采访者", "刘阿姨，您做志愿者多久了？"),
        ("刘阿姨", "五六年了，从创文那年开始的，主要是在小区里做文明劝导。"),
        ("采访者", "做志愿服务会加信用分吗？"),
        ("刘阿姨", "会的，志愿服务一个小时加一分，攒够了可以换米换油。这个是创文的还是社会信用的，我也说不清，反正社区一起算。"),
        ("采访者", "您觉得这个积分制度怎么样？"),
        ("刘阿姨", "挺好的，老人们都愿意出来，邻居关系也好了。"),
        ("采访者", "有没有人不喜欢？"),
        ("刘阿姨", "有的年轻人说这是变相管人，不愿意把家里的事情报给社区。"),
        ("采访者", "您怎么看他们的顾虑？"),
        ("刘阿姨", "我理解，隐私是要保护的，不过大部分记录都是好事，不是扣分。"),
    ],
    "CD-02_zhao.docx": [
        ("采访者", "你在学校有没有接触过文明城市创建？"),
        ("赵同学", "有，学校组织我们去地铁站做志愿者，维持排队秩序，算志愿时长。"),
        ("采访者", "你了解社会信用体系吗？"),
        ("赵同学", "上过课，知道它主要管失信被执行人和企业信用，但是新闻里又说有些城市给市民打信用分，我就不太懂了。"),
        ("采访者", "你觉得文明城市和社会信用有关系吗？"),
        ("赵同学", "我觉得是两套制度，但是在一些城市被混在一起了，比如把志愿时长折算成信用积分。"),
        ("采访者", "你怎么看这种折算？"),
        ("赵同学", "有激励作用，但是我担心变成强制，本来是自愿的事情。"),
    ],
    "SZ-01_wu.docx": [
        ("采访者", "吴老师，社区在创文和信用建设上分别做哪些工作？"),
        ("吴女士", "创文主要是环境整治和志愿服务，信用建设是配合发改委做信用信息的采集，比如失信人员的排查。"),
        ("采访者", "居民分得清这两项工作吗？"),
        ("吴女士", "大部分分不清，他们以为志愿者拍照就是记入信用记录，其实创文的检查结果不进个人信用。"),
        ("采访者", "那您怎么向居民解释？"),
        ("吴女士", "我们开居民会讲，文明城市是城市的荣誉称号，社会信用是记录守不守信用，两个不是一回事。"),
        ("采访者", "居民对这些工作态度如何？"),
        ("吴女士", "多数支持，环境确实好了；也有人担心信息被泄露，问我们信用记录谁能看到。"),
    ],
}


def write_transcript(path: Path, turns: list[tuple[str, str]]) -> None:
    """Write one transcript: the synthetic note, then one paragraph per turn."""
    document = docx.Document()
    document.core_properties.title = f"{path.stem} (synthetic interview)"
    document.core_properties.comments = "synthetic=true"
    document.core_properties.created = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    document.core_properties.modified = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    document.add_paragraph(SYNTHETIC_NOTE)
    for speaker, text in turns:
        document.add_paragraph(f"{speaker}：{text}")
    document.save(str(path))


def main() -> None:
    """Write every transcript next to this script."""
    folder = Path(__file__).resolve().parent
    for name, turns in TRANSCRIPTS.items():
        write_transcript(folder / name, turns)


if __name__ == "__main__":
    main()
