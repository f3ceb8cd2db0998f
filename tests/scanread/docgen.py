"""Generated scans of the documents a clerk attaches, with their true values (seeded, repeatable).

Five kinds (居民身份证 front and back, 劳动合同 first page, 北京市工作居住证, 《申报收入查询
记录》/纳税记录, 税收完税证明) in varied layouts and wordings, set in the bundled CJK fonts,
then spoiled as scans and phone photos are: turned 90°/180°, skewed, blurred, greyscale,
unevenly lit. ``make_set(folder, count)`` writes PNGs and returns each one's truth.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from tests.helpers import id_number
from wrc_desktop.paths import resource_path

A4 = (1240, 1754)  # 150 dpi
CARD = (1000, 630)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳杰",
    "娟",
    "涛",
    "明辉",
    "超",
    "秀兰",
    "霞",
    "平",
]
UNITS = [
    "北京星河科技有限公司",
    "北京智源星图科技有限公司",
    "北京华信律师事务所",
    "北京中关村数据服务有限公司",
    "北京京北医药研究院有限公司",
    "北京金桥建设工程集团有限公司",
    "北京未来城软件股份有限公司",
]
DISTRICTS = ["海淀", "西城", "东城", "朝阳", "石景山", "丰台"]
STREETS = ["中关村大街", "学院路", "复兴路", "西直门外大街", "建国门内大街", "石景山路"]


@dataclass
class Doc:
    kind: str  # id-card-front / id-card-back / contract / permit / income-record / tax-certificate
    truth: dict[str, Any]
    path: Path | None = None
    spoiled: list[str] = field(default_factory=list)


def _fonts() -> list[Path]:
    folder = Path(str(resource_path("fonts")))
    return [folder / "uming.ttc", folder / "LXGWWenKai-Regular.ttf"]


def font(rng: random.Random, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(rng.choice(_fonts())), size)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _day(rng: random.Random, start: int, end: int) -> dt.date:
    first = dt.date(start, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(first, dt.date(end, 12, 28).toordinal()))


def _wide(text: str) -> str:
    """Full-width digits, as some documents print them."""
    return text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})


def fmt_date(rng: random.Random, day: dt.date, style: str | None = None) -> str:
    style = style or rng.choice(["cn", "cn0", "dot", "dash", "dash1", "slash", "cnspace"])
    text = {
        "cn": f"{day.year}年{day.month}月{day.day}日",
        "cn0": f"{day.year}年{day.month:02d}月{day.day:02d}日",
        "cnspace": f"{day.year} 年 {day.month} 月 {day.day} 日",
        "dot": f"{day.year}.{day.month:02d}.{day.day:02d}",
        "dash": f"{day:%Y-%m-%d}",
        "dash1": f"{day.year}-{day.month}-{day.day}",
        "slash": f"{day.year}/{day.month:02d}/{day.day:02d}",
    }[style]
    return _wide(text) if rng.random() < 0.12 else text


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Sheet:
    """A page being written: text at positions, lines of a table."""

    def __init__(self, rng: random.Random, size=A4, background=(255, 255, 255)) -> None:
        self.rng = rng
        self.image = Image.new("RGB", size, background)
        self.draw = ImageDraw.Draw(self.image)
        self.size = rng.randint(28, 36)
        self.font = font(rng, self.size)
        self.y = rng.randint(110, 170)
        self.x = rng.randint(90, 150)

    def text(self, x: int, y: int, text: str, *, size: int | None = None, fill=(20, 20, 20)):
        face = font(self.rng, size) if size else self.font
        self.draw.text((x, y), text, font=face, fill=fill)

    def line(self, text: str, *, size: int | None = None, center: bool = False, gap: float = 1.0):
        face = font(self.rng, size) if size else self.font
        x = self.x
        if center:
            width = self.draw.textlength(text, font=face)
            x = int((self.image.width - width) / 2)
        self.draw.text((x, self.y), text, font=face, fill=(20, 20, 20))
        self.y += int((size or self.size) * self.rng.uniform(1.7, 2.3) * gap)

    def filler(self, count: int) -> None:
        sentences = [
            "根据《中华人民共和国劳动合同法》及有关法律法规，甲乙双方经平等协商一致，",
            "自愿签订本合同，共同遵守本合同所列条款。",
            "甲方根据工作需要，安排乙方在技术研发岗位工作。",
            "乙方应按照甲方的要求，按时完成规定的工作数量，达到规定的质量标准。",
            "甲方按月以货币形式支付乙方工资，于每月十五日前足额发放。",
        ]
        for sentence in self.rng.sample(sentences, min(count, len(sentences))):
            self.line(sentence, size=self.size - 4)

    def table(self, header: list[str], body: list[list[str]], widths: list[int]) -> None:
        row_height = int(self.size * 1.9)
        x0, y = self.x - 20, self.y
        right = x0 + sum(widths)
        for row_index, cells in enumerate([header, *body]):
            x = x0
            for width, cell in zip(widths, cells, strict=True):
                self.draw.text((x + 8, y + 10), cell, font=self.font, fill=(20, 20, 20))
                x += width
            self.draw.line((x0, y, right, y), fill=(60, 60, 60), width=2)
            y += row_height
            if row_index == len(body):
                self.draw.line((x0, y, right, y), fill=(60, 60, 60), width=2)
        x = x0
        for width in [0, *widths]:
            x += width
            self.draw.line((x, self.y, x, y), fill=(60, 60, 60), width=2)
        self.y = y + 30


# --- the five kinds -------------------------------------------------------------------------


def id_front(rng: random.Random) -> tuple[Image.Image, dict]:
    name, birth = _name(rng), _day(rng, 1965, 2000)
    number = id_number(
        rng.choice(["110105", "110108", "110101", "370102", "420106"]),
        birth.strftime("%Y%m%d"),
        f"{rng.randint(1, 998):03d}",
    )
    sheet = Sheet(rng, CARD, background=(rng.randint(225, 240), rng.randint(232, 245), 246))
    blue, size = (70, 110, 160), rng.randint(30, 36)
    x, value_x = 60, 60 + size * 3
    sheet.text(x, 60, "姓名", size=size - 4, fill=blue)
    sheet.text(value_x, 56, name, size=size + 4)
    sheet.text(x, 140, "性别", size=size - 4, fill=blue)
    sheet.text(value_x, 138, "男" if int(number[16]) % 2 else "女", size=size)
    sheet.text(value_x + 120, 140, "民族", size=size - 4, fill=blue)
    sheet.text(value_x + 120 + size * 3, 138, "汉", size=size)
    sheet.text(x, 220, "出生", size=size - 4, fill=blue)
    sheet.text(value_x, 218, f"{birth.year}  年  {birth.month}  月  {birth.day}  日", size=size)
    sheet.text(x, 300, "住址", size=size - 4, fill=blue)
    sheet.text(value_x, 298, f"北京市{rng.choice(DISTRICTS)}区{rng.choice(STREETS)}", size=size)
    sheet.text(
        value_x, 298 + size + 12, f"{rng.randint(1, 200)}号院{rng.randint(1, 30)}号楼", size=size
    )
    label = rng.choice(["公民身份号码", "公民身份号码", "身份证号"])
    sheet.text(x, 520, label, size=size - 4, fill=blue)
    sheet.text(x + size * len(label) + 30, 516, number, size=size + 2)
    sheet.draw.rectangle((700, 90, 930, 380), fill=(205, 210, 220))  # the photo
    return sheet.image, {"name": name, "id_number": number}


def id_back(rng: random.Random) -> tuple[Image.Image, dict]:
    start = _day(rng, 2008, 2024)
    years = rng.choice([10, 20, 20, 0])
    end: Any = "长期" if years == 0 else _years_later(start, years)
    sheet = Sheet(rng, CARD, background=(rng.randint(225, 240), 240, rng.randint(228, 245)))
    sheet.text(330, 120, "中华人民共和国", size=52)
    sheet.text(330, 210, "居 民 身 份 证", size=56)
    size = rng.randint(28, 34)
    sheet.text(150, 400, "签发机关", size=size, fill=(60, 60, 60))
    sheet.text(150 + size * 5, 400, f"北京市公安局{rng.choice(DISTRICTS)}分局", size=size)
    sheet.text(150, 480, "有效期限", size=size, fill=(60, 60, 60))
    style = rng.choice(["dot", "dot", "dash"])
    end_text = "长期" if end == "长期" else fmt_date(rng, end, style).replace("年", "")
    sheet.text(150 + size * 5, 480, f"{fmt_date(rng, start, style)}-{end_text}", size=size)
    sheet.draw.ellipse((60, 60, 230, 230), outline=(200, 60, 60), width=6)  # the emblem
    truth = {
        "valid_from": start.isoformat(),
        "valid_until": end if end == "长期" else end.isoformat(),
    }
    return sheet.image, truth


def contract(rng: random.Random, **fixed: Any) -> tuple[Image.Image, dict]:
    """``fixed``: unit, name, start, end (None: 无固定期限) instead of random ones."""
    unit, name = fixed.get("unit") or rng.choice(UNITS), fixed.get("name") or _name(rng)
    start = fixed.get("start") or _day(rng, 2019, 2025)
    open_ended = rng.random() < 0.2
    end = None if open_ended else _years_later(start, rng.choice([3, 3, 5])) - dt.timedelta(days=1)
    end = fixed.get("end", end)
    sheet = Sheet(rng)
    sheet.line(
        rng.choice(["劳动合同书", "劳动合同", "北京市劳动合同书"]),
        size=sheet.size + 16,
        center=True,
        gap=1.4,
    )
    style = rng.randrange(3)
    if style == 0:
        sheet.line(f"甲方（用人单位）：{unit}")
        sheet.line(f"统一社会信用代码：91110108MA0{rng.randint(1000000, 9999999)}")
        sheet.line(f"乙方（劳动者）：{name}")
    elif style == 1:
        sheet.line(f"用人单位名称  {unit}")
        sheet.line(f"劳动者姓名  {name}      性别  {rng.choice('男女')}")
    else:
        sheet.line(f"甲方：{unit}")
        sheet.line(f"乙方：{name}")
    sheet.line(f"居民身份证号码：{id_number(birth=_day(rng, 1970, 2000).strftime('%Y%m%d'))}")
    sheet.filler(rng.randint(1, 3))
    sheet.line(rng.choice(["第一条  合同期限", "一、劳动合同期限", "合同期限"]), gap=1.1)
    sheet.line(_term_text(rng, start, end))
    sheet.filler(rng.randint(1, 3))
    truth = {
        "employer": unit,
        "employee": name,
        "term_from": start.isoformat(),
        "term_to": "长期" if end is None else end.isoformat(),
    }
    return sheet.image, truth


def _term_text(rng: random.Random, start: dt.date, end: dt.date | None) -> str:
    if end is None:
        return rng.choice(
            [
                f"无固定期限：自{fmt_date(rng, start, 'cn')}起。",
                f"本合同为无固定期限劳动合同，自 {fmt_date(rng, start)} 起生效。",
            ]
        )
    style = rng.choice(["cn", "cn0", "dot", "dash", "dash1", "cnspace"])
    first, last = fmt_date(rng, start, style), fmt_date(rng, end, style)
    return rng.choice(
        [
            f"合同期限：自{first}起至{last}止",
            f"期限 {first}-{last}",
            f"固定期限：自 {first} 起至 {last} 止。",
            f"本合同为固定期限劳动合同，期限自{first}至{last}。",
        ]
    )


def permit(rng: random.Random) -> tuple[Image.Image, dict]:
    name, unit = _name(rng), rng.choice(UNITS)
    start = _day(rng, 2020, 2025)
    end = _years_later(start, 3) - dt.timedelta(days=1)
    number = rng.choice(["京工居", "京工字", "JG"]) + f"{start.year}{rng.randint(1, 999999):06d}"
    sheet = Sheet(rng, (1400, 900), background=(rng.randint(238, 250), 236, 226))
    sheet.x, sheet.y = 110, 80
    sheet.line("北京市工作居住证", size=60, center=True, gap=1.0)
    sheet.line(f"姓    名  {name}")
    sheet.line(f"工作单位  {unit}")
    label = rng.choice(["证件编号：", "证书编号 ", "编号：", "No."])
    sheet.line(f"{label}{number}")
    if rng.random() < 0.5:
        sheet.line(f"有效期至：{fmt_date(rng, end)}")
    else:
        style = rng.choice(["cn", "dot", "dash"])
        sheet.line(f"有效期限：{fmt_date(rng, start, style)} 至 {fmt_date(rng, end, style)}")
    sheet.line(f"发证日期：{fmt_date(rng, start, 'cn')}", size=sheet.size - 4)
    return sheet.image, {"certificate_no": number, "valid_until": end.isoformat(), "name": name}


def _months(rng: random.Random, count: int) -> list[dt.date]:
    last = _day(rng, 2023, 2025).replace(day=1)
    months = []
    for _ in range(count):
        months.append(last)
        last = (last - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _amount(rng: random.Random, value: float, style: str) -> str:
    if style == "comma":
        return f"{value:,.2f}"
    if style == "yuan":
        return f"{value:.2f}元"
    return f"{value:.2f}"


def income_record(rng: random.Random, **fixed: Any) -> tuple[Image.Image, dict]:
    """``fixed``: name, unit, months (first days), values, printed instead of random ones."""
    name, unit = fixed.get("name") or _name(rng), fixed.get("unit") or rng.choice(UNITS)
    months = fixed.get("months") or _months(rng, rng.choice([6, 6, 12]))
    base = rng.randint(9000, 40000)
    values = fixed.get("values") or [
        round(base + rng.randint(-1500, 3000) + rng.choice([0, 0.5, 0.37]), 2) for _ in months
    ]
    printed = fixed.get("printed") or months[-1] + dt.timedelta(days=40)
    sheet = Sheet(rng)
    sheet.size = min(sheet.size, 26)
    sheet.font = font(rng, sheet.size)
    title = rng.choice(["个人所得税纳税记录", "申报收入查询记录", "个人所得税收入纳税明细"])
    sheet.line(title, size=40, center=True, gap=1.2)
    sheet.line(f"纳税人姓名：{name}      身份证件类型：居民身份证")
    sheet.line(f"查询期间：{fmt_date(rng, months[0], 'cn')}至{fmt_date(rng, months[-1], 'cn')}")
    month_style = rng.choice(["dash", "cn", "compact", "dot"])
    amount_style = rng.choice(["comma", "plain", "yuan"])
    header = ["所得项目", "所得期间", "收入", "已申报税额", "扣缴义务人"]
    widths = [170, 180, 190, 180, 420]
    body = []
    for month, value in zip(months, values, strict=True):
        label = {
            "dash": f"{month:%Y-%m}",
            "cn": f"{month.year}年{month.month:02d}月",
            "compact": f"{month:%Y%m}",
            "dot": f"{month:%Y.%m}",
        }[month_style]
        tax = round(max(0.0, (value - 5000) * 0.1 - 210), 2)
        body.append(["工资薪金", label, _amount(rng, value, amount_style), f"{tax:.2f}", unit])
    sheet.x = 70
    sheet.table(header, body, widths)
    sheet.line(f"打印日期：{fmt_date(rng, printed)}", size=24)
    incomes = [{"month": f"{m:%Y-%m}", "amount": v} for m, v in zip(months, values, strict=True)]
    truth = {"name": name, "withholding_agent": unit, "incomes": incomes}
    return sheet.image, {**truth, "dated": printed.isoformat()}


def tax_certificate(rng: random.Random) -> tuple[Image.Image, dict]:
    name = _name(rng)
    months = _months(rng, rng.choice([3, 4]))
    sheet = Sheet(rng)
    sheet.size = min(sheet.size, 26)
    sheet.font = font(rng, sheet.size)
    sheet.line("中华人民共和国", size=34, center=True, gap=0.9)
    sheet.line("税 收 完 税 证 明", size=44, center=True, gap=1.2)
    issued = months[-1] + dt.timedelta(days=rng.randint(40, 70))
    sheet.line(
        f"填发日期：{fmt_date(rng, issued, 'cn')}      税务机关：国家税务总局北京市{rng.choice(DISTRICTS)}区税务局"
    )
    sheet.line(f"纳税人名称：{name}")
    header = ["税种", "品目名称", "税款所属时期", "入(退)库日期", "实缴(退)金额"]
    widths = [150, 200, 420, 200, 200]
    body = []
    for month in months:
        end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        body.append(
            [
                "个人所得税",
                "工资薪金所得",
                f"{month:%Y-%m-%d}至{end:%Y-%m-%d}",
                f"{end + dt.timedelta(days=15):%Y-%m-%d}",
                f"{rng.randint(100, 3000)}.{rng.randint(0, 99):02d}",
            ]
        )
    sheet.x = 70
    sheet.table(header, body, widths)
    periods = [f"{m:%Y-%m}" for m in months]
    return sheet.image, {"dated": issued.isoformat(), "periods": periods, "name": name}


MAKERS = {
    "id-card-front": id_front,
    "id-card-back": id_back,
    "contract": contract,
    "permit": permit,
    "income-record": income_record,
    "tax-certificate": tax_certificate,
}


# --- spoiling -------------------------------------------------------------------------------


def spoil(rng: random.Random, image: Image.Image, index: int) -> tuple[Image.Image, list[str]]:
    """``image`` as a scanner or a phone would give it; what was done, in words."""
    done = []
    if rng.random() < 0.5:
        angle = rng.uniform(-3, 3)
        image = image.rotate(
            angle, expand=True, fillcolor=(250, 250, 250), resample=Image.Resampling.BICUBIC
        )
        done.append(f"skew {angle:.1f}°")
    if rng.random() < 0.35:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.3)))
        done.append("blur")
    if rng.random() < 0.3:
        image = _uneven_light(rng, image)
        done.append("uneven light")
    if rng.random() < 0.3:
        image = (
            ImageEnhance.Contrast(image.convert("L")).enhance(rng.uniform(0.7, 1.0)).convert("RGB")
        )
        done.append("greyscale")
    turn = (90, 180, 270)[(index // 4) % 3] if index % 4 == 3 else 0
    if turn:
        image = image.rotate(turn, expand=True)
        done.append(f"turned {turn}°")
    return image, done


def _uneven_light(rng: random.Random, image: Image.Image) -> Image.Image:
    """Darker towards one side, as a page photographed under a desk lamp."""
    shade = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize(image.size)
    shade = shade.point(lambda v: 150 + v * 105 // 255)
    return ImageChops.multiply(image, Image.merge("RGB", (shade, shade, shade)))


def make_set(folder: Path, count: int = 60, *, seed: int = 28) -> list[Doc]:
    """``count`` documents, the kinds in turn, written as PNGs into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    docs = []
    kinds = list(MAKERS)
    for index in range(count):
        kind = kinds[index % len(kinds)]
        image, truth = MAKERS[kind](rng)
        image, done = spoil(rng, image, index)
        path = folder / f"{index:03d}-{kind}.png"
        image.save(path)
        docs.append(Doc(kind, truth, path, done))
    return docs


# --- scoring ---------------------------------------------------------------------------------

TEXT_FIELDS = frozenset({"name", "employer", "employee", "withholding_agent"})


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def score(doc: Doc, values: dict[str, Any]) -> list[tuple[str, bool, bool]]:
    """Each true value of ``doc`` against what was read: (field, is a date or number, exact).

    A table counts one value per month (its month and amount both exact) or per period.
    """
    results = []
    for name, truth in doc.truth.items():
        got = values.get(name)
        if name == "incomes":
            read = {row["month"]: row["amount"] for row in got or []}
            results += [
                (f"incomes[{row['month']}]", True, read.get(row["month"]) == row["amount"])
                for row in truth
            ]
        elif name == "periods":
            read_months = {_plain(p["from"])[:7] for p in got or []}
            results += [(f"periods[{m}]", True, m in read_months) for m in truth]
        else:
            results.append((name, name not in TEXT_FIELDS, _plain(got) == truth))
    return results
