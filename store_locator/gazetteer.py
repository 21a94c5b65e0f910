"""Well-known places (landmarks, stations, airports, areas), every district and city centre,
and tolerant lookup by name: case, punctuation, word order, "railway station" vs "station",
small typos and Chinese names all find the place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from store_locator.cities import CITIES
from store_locator.errors import UnknownPlace
from store_locator.geo import Position

MATCH_CUTOFF = 84.0
KIND_RANK = {"landmark": 0, "city": 1, "district": 2}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    city: str
    lat: float
    lon: float
    kind: str  # landmark | city | district
    aliases: tuple[str, ...] = ()

    @property
    def position(self) -> Position:
        return Position(self.lat, self.lon)

    @property
    def label(self) -> str:
        """Display name; a district carries its city ("Xuhui, Shanghai")."""
        return self.name if self.kind != "district" else f"{self.name}, {self.city}"


# name, city, lat, lon, aliases separated by "|"
# fmt: off
_LANDMARKS: tuple[tuple[str, str, float, float, str], ...] = (
    ("People's Square", "Shanghai", 31.2304, 121.4737, "Renmin Guangchang|人民广场"),
    ("The Bund", "Shanghai", 31.2400, 121.4900, "Bund|Waitan|外滩"),
    ("Lujiazui", "Shanghai", 31.2397, 121.4998, "陆家嘴"),
    ("Xujiahui", "Shanghai", 31.1950, 121.4370, "徐家汇"),
    ("Jing'an Temple", "Shanghai", 31.2235, 121.4455, "Jingan Temple|静安寺"),
    ("Shanghai Hongqiao Railway Station", "Shanghai", 31.1940, 121.3200,
     "Hongqiao|Hongqiao Station|Shanghai Hongqiao|虹桥火车站"),
    ("Shanghai Railway Station", "Shanghai", 31.2495, 121.4554, "上海火车站"),
    ("Shanghai South Railway Station", "Shanghai", 31.1540, 121.4300, "上海南站"),
    ("Shanghai Pudong International Airport", "Shanghai", 31.1443, 121.8083,
     "Pudong Airport|PVG|浦东机场"),
    ("Shanghai Hongqiao International Airport", "Shanghai", 31.1979, 121.3363,
     "Hongqiao Airport|SHA"),
    ("Yu Garden", "Shanghai", 31.2272, 121.4921, "Yuyuan|豫园"),
    ("Xintiandi", "Shanghai", 31.2197, 121.4740, "新天地"),
    ("Tianzifang", "Shanghai", 31.2094, 121.4693, "田子坊"),
    ("Zhongshan Park", "Shanghai", 31.2220, 121.4170, "中山公园"),
    ("Wujiaochang", "Shanghai", 31.2990, 121.5140, "五角场"),
    ("Century Park", "Shanghai", 31.2150, 121.5510, "世纪公园"),
    ("Nanjing Road", "Shanghai", 31.2350, 121.4750, "Nanjing Road Pedestrian Street|南京路"),
    ("Fudan University", "Shanghai", 31.2990, 121.5010, "复旦大学"),
    ("Tiananmen Square", "Beijing", 39.9055, 116.3976, "Tiananmen|天安门广场"),
    ("Forbidden City", "Beijing", 39.9163, 116.3972, "Palace Museum|Gugong|故宫"),
    ("Beijing West Railway Station", "Beijing", 39.8946, 116.3220, "Beijing West|北京西站"),
    ("Beijing Railway Station", "Beijing", 39.9029, 116.4270, "北京站"),
    ("Beijing South Railway Station", "Beijing", 39.8652, 116.3786, "Beijing South|北京南站"),
    ("Beijing North Railway Station", "Beijing", 39.9440, 116.3530, "Beijing North|北京北站"),
    ("Wangfujing", "Beijing", 39.9149, 116.4108, "王府井"),
    ("Sanlitun", "Beijing", 39.9360, 116.4550, "三里屯"),
    ("Guomao", "Beijing", 39.9087, 116.4605, "Beijing CBD|China World|国贸"),
    ("Zhongguancun", "Beijing", 39.9836, 116.3160, "中关村"),
    ("Peking University", "Beijing", 39.9869, 116.3059, "Beida|北京大学"),
    ("Tsinghua University", "Beijing", 40.0000, 116.3264, "Qinghua|清华大学"),
    ("Wudaokou", "Beijing", 39.9925, 116.3380, "五道口"),
    ("Summer Palace", "Beijing", 39.9999, 116.2755, "Yiheyuan|颐和园"),
    ("Temple of Heaven", "Beijing", 39.8822, 116.4066, "Tiantan|天坛"),
    ("Olympic Park", "Beijing", 39.9929, 116.3965, "Bird's Nest|National Stadium|鸟巢"),
    ("Beijing Capital International Airport", "Beijing", 40.0799, 116.6031,
     "Capital Airport|PEK|首都机场"),
    ("Beijing Daxing International Airport", "Beijing", 39.5098, 116.4105,
     "Daxing Airport|PKX|大兴机场"),
    ("Xidan", "Beijing", 39.9075, 116.3736, "西单"),
    ("Houhai", "Beijing", 39.9400, 116.3850, "Shichahai|后海"),
    ("Lama Temple", "Beijing", 39.9470, 116.4170, "Yonghegong|雍和宫"),
    ("Canton Tower", "Guangzhou", 23.1065, 113.3245, "Guangzhou Tower|广州塔"),
    ("Zhujiang New Town", "Guangzhou", 23.1190, 113.3210, "Zhujiang Xincheng|珠江新城"),
    ("Guangzhou South Railway Station", "Guangzhou", 22.9880, 113.2690, "Guangzhou South|广州南站"),
    ("Guangzhou Railway Station", "Guangzhou", 23.1490, 113.2570, "广州火车站"),
    ("Guangzhou East Railway Station", "Guangzhou", 23.1500, 113.3250, "Guangzhou East|广州东站"),
    ("Guangzhou Baiyun International Airport", "Guangzhou", 23.3924, 113.2988,
     "Baiyun Airport|CAN|白云机场"),
    ("Beijing Road Pedestrian Street", "Guangzhou", 23.1250, 113.2690, "北京路步行街"),
    ("Shamian Island", "Guangzhou", 23.1070, 113.2430, "Shamian|沙面"),
    ("Shangxiajiu", "Guangzhou", 23.1160, 113.2450, "上下九"),
    ("Tianhe Sports Center", "Guangzhou", 23.1380, 113.3240, "天河体育中心"),
    ("Shenzhen North Railway Station", "Shenzhen", 22.6090, 114.0290, "Shenzhen North|深圳北站"),
    ("Futian Railway Station", "Shenzhen", 22.5400, 114.0500, "Futian Station|福田站"),
    ("Shenzhen Railway Station", "Shenzhen", 22.5320, 114.1170, "Luohu Station|深圳站"),
    ("Window of the World", "Shenzhen", 22.5360, 113.9730, "世界之窗"),
    ("Shenzhen Bay Park", "Shenzhen", 22.5060, 113.9500, "深圳湾公园"),
    ("Huaqiangbei", "Shenzhen", 22.5460, 114.0850, "华强北"),
    ("Shekou", "Shenzhen", 22.4850, 113.9120, "蛇口"),
    ("Shenzhen Bao'an International Airport", "Shenzhen", 22.6393, 113.8107,
     "Bao'an Airport|SZX|宝安机场"),
    ("Shenzhen Civic Center", "Shenzhen", 22.5430, 114.0570, "市民中心"),
    ("Nanshan Science Park", "Shenzhen", 22.5400, 113.9530, "Shenzhen Hi-Tech Park|科技园"),
    ("West Lake", "Hangzhou", 30.2430, 120.1500, "Xihu Lake|西湖"),
    ("Hangzhou East Railway Station", "Hangzhou", 30.2910, 120.2130, "Hangzhou East|杭州东站"),
    ("Hangzhou Railway Station", "Hangzhou", 30.2440, 120.1830, "Chengzhan|杭州站"),
    ("Wulin Square", "Hangzhou", 30.2740, 120.1650, "武林广场"),
    ("Lingyin Temple", "Hangzhou", 30.2420, 120.1010, "灵隐寺"),
    ("Qianjiang New City", "Hangzhou", 30.2460, 120.2100, "钱江新城"),
    ("Hangzhou Xiaoshan International Airport", "Hangzhou", 30.2295, 120.4344,
     "Xiaoshan Airport|HGH|萧山机场"),
    ("Xinjiekou", "Nanjing", 32.0410, 118.7840, "新街口"),
    ("Nanjing South Railway Station", "Nanjing", 31.9680, 118.7980, "Nanjing South|南京南站"),
    ("Nanjing Railway Station", "Nanjing", 32.0880, 118.7970, "南京站"),
    ("Confucius Temple", "Nanjing", 32.0200, 118.7880, "Fuzimiao|夫子庙"),
    ("Sun Yat-sen Mausoleum", "Nanjing", 32.0640, 118.8480, "Zhongshan Ling|中山陵"),
    ("Xuanwu Lake", "Nanjing", 32.0720, 118.7960, "玄武湖"),
    ("Tianfu Square", "Chengdu", 30.6570, 104.0660, "天府广场"),
    ("Chunxi Road", "Chengdu", 30.6570, 104.0800, "春熙路"),
    ("Kuanzhai Alley", "Chengdu", 30.6640, 104.0530, "Wide and Narrow Alleys|宽窄巷子"),
    ("Jinli Ancient Street", "Chengdu", 30.6460, 104.0480, "Jinli|锦里"),
    ("Chengdu East Railway Station", "Chengdu", 30.6300, 104.1420, "Chengdu East|成都东站"),
    ("Chengdu Railway Station", "Chengdu", 30.6960, 104.0730, "Chengdu North Station|成都站"),
    ("Chengdu Research Base of Giant Panda Breeding", "Chengdu", 30.7330, 104.1460,
     "Panda Base|大熊猫基地"),
    ("Chengdu Shuangliu International Airport", "Chengdu", 30.5785, 103.9471,
     "Shuangliu Airport|CTU|双流机场"),
    ("Jiefangbei", "Chongqing", 29.5580, 106.5770, "Liberation Monument|解放碑"),
    ("Hongyadong", "Chongqing", 29.5630, 106.5790, "洪崖洞"),
    ("Chaotianmen", "Chongqing", 29.5660, 106.5880, "朝天门"),
    ("Chongqing North Railway Station", "Chongqing", 29.6080, 106.5510,
     "Chongqing North|重庆北站"),
    ("Guanyinqiao", "Chongqing", 29.5750, 106.5300, "观音桥"),
    ("Ciqikou", "Chongqing", 29.5800, 106.4500, "磁器口"),
    ("Chongqing Jiangbei International Airport", "Chongqing", 29.7192, 106.6417,
     "Jiangbei Airport|CKG|江北机场"),
    ("Yellow Crane Tower", "Wuhan", 30.5450, 114.3020, "Huanghelou|黄鹤楼"),
    ("Jianghan Road", "Wuhan", 30.5800, 114.2870, "江汉路"),
    ("Wuhan Railway Station", "Wuhan", 30.6070, 114.4240, "武汉站"),
    ("Hankou Railway Station", "Wuhan", 30.6180, 114.2550, "Hankou Station|汉口站"),
    ("Optics Valley", "Wuhan", 30.5050, 114.3990, "Guanggu|光谷"),
    ("Wuhan University", "Wuhan", 30.5400, 114.3600, "武汉大学"),
    ("East Lake", "Wuhan", 30.5550, 114.3900, "Donghu|东湖"),
    ("Bell Tower", "Xi'an", 34.2610, 108.9423, "Xi'an Bell Tower|钟楼"),
    ("Giant Wild Goose Pagoda", "Xi'an", 34.2190, 108.9590, "Dayanta|大雁塔"),
    ("Xi'an North Railway Station", "Xi'an", 34.3760, 108.9400, "Xi'an North|西安北站"),
    ("Xi'an Railway Station", "Xi'an", 34.2790, 108.9610, "西安站"),
    ("Muslim Quarter", "Xi'an", 34.2630, 108.9400, "Huimin Street|回民街"),
    ("Terracotta Army", "Xi'an", 34.3850, 109.2730, "Terracotta Warriors|兵马俑"),
    ("Tianjin Railway Station", "Tianjin", 39.1360, 117.2100, "Tianjin Station|天津站"),
    ("Italian Style Town", "Tianjin", 39.1330, 117.2030, "意式风情区"),
    ("Tianjin Eye", "Tianjin", 39.1530, 117.1810, "天津之眼"),
    ("Guanqian Street", "Suzhou", 31.3110, 120.6280, "观前街"),
    ("Humble Administrator's Garden", "Suzhou", 31.3240, 120.6290, "Zhuozhengyuan|拙政园"),
    ("Jinji Lake", "Suzhou", 31.3100, 120.6900, "金鸡湖"),
    ("Suzhou Railway Station", "Suzhou", 31.3300, 120.6100, "苏州站"),
    ("Gulangyu", "Xiamen", 24.4470, 118.0660, "Kulangsu|鼓浪屿"),
    ("Zhongshan Road Xiamen", "Xiamen", 24.4560, 118.0820, "Xiamen Zhongshan Road|中山路"),
    ("Xiamen University", "Xiamen", 24.4370, 118.0980, "厦门大学"),
    ("May Fourth Square", "Qingdao", 36.0610, 120.3840, "Wusi Square|五四广场"),
    ("Zhanqiao Pier", "Qingdao", 36.0600, 120.3190, "栈桥"),
    ("Qingdao Railway Station", "Qingdao", 36.0640, 120.3120, "青岛站"),
    ("Wuyi Square", "Changsha", 28.1960, 112.9770, "五一广场"),
    ("Orange Isle", "Changsha", 28.1930, 112.9600, "Juzizhou|橘子洲"),
    ("Changsha South Railway Station", "Changsha", 28.1470, 113.0640, "Changsha South|长沙南站"),
    ("Erqi Memorial Tower", "Zhengzhou", 34.7540, 113.6650, "Erqi Tower|二七塔"),
    ("Zhengzhou East Railway Station", "Zhengzhou", 34.7590, 113.7780,
     "Zhengzhou East|郑州东站"),
    ("Central Street", "Harbin", 45.7720, 126.6190, "Zhongyang Dajie|中央大街"),
    ("Saint Sophia Cathedral", "Harbin", 45.7710, 126.6270, "St Sophia|圣索菲亚教堂"),
    ("Shenyang Imperial Palace", "Shenyang", 41.7960, 123.4500, "Mukden Palace|沈阳故宫"),
    ("Shenyang North Railway Station", "Shenyang", 41.8190, 123.4330, "Shenyang North|沈阳北站"),
    ("Xinghai Square", "Dalian", 38.8810, 121.5880, "星海广场"),
    ("Zhongshan Square", "Dalian", 38.9170, 121.6400, "Dalian Zhongshan Square|中山广场"),
    ("Green Lake Park", "Kunming", 25.0500, 102.7050, "Cuihu|翠湖"),
    ("Kunming Railway Station", "Kunming", 25.0170, 102.7220, "昆明站"),
    ("Jiaxiu Pavilion", "Guiyang", 26.5720, 106.7140, "甲秀楼"),
    ("Chaoyang Square", "Nanning", 22.8170, 108.3220, "朝阳广场"),
    ("Three Lanes and Seven Alleys", "Fuzhou", 26.0820, 119.2950,
     "Sanfang Qixiang|三坊七巷"),
    ("Baotu Spring", "Jinan", 36.6620, 117.0160, "趵突泉"),
    ("Daming Lake", "Jinan", 36.6750, 117.0240, "大明湖"),
    ("Potala Palace", "Lhasa", 29.6577, 91.1170, "布达拉宫"),
    ("Grand Bazaar", "Urumqi", 43.7760, 87.6200, "Urumqi Grand Bazaar|国际大巴扎"),
    ("Zhongshan Bridge", "Lanzhou", 36.0660, 103.8200, "Lanzhou Zhongshan Bridge|中山桥"),
    ("Tengwang Pavilion", "Nanchang", 28.6810, 115.8810, "Pavilion of Prince Teng|滕王阁"),
    ("Tianyi Square", "Ningbo", 29.8720, 121.5550, "天一广场"),
    ("Zumiao", "Foshan", 23.0310, 113.1130, "Foshan Ancestral Temple|祖庙"),
    ("Yalong Bay", "Sanya", 18.2270, 109.6460, "亚龙湾"),
    ("Qilou Old Street", "Haikou", 20.0460, 110.3480, "骑楼老街"),
)
# fmt: on

_SYNONYMS = (
    (r"\b(railway|rail|train|high speed rail|hsr) station\b", "station"),
    (r"\bstn\b", "station"),
    (r"\bsq\b", "square"),
    (r"\bst\b", "street"),
    (r"\brd\b", "road"),
    (r"\bintl\b", "international"),
    (r"\bdistrict\b", ""),
    (r"^the\b", ""),
    (r"\bsaint\b", "st"),
)


def normalize(text: str) -> str:
    """Lower case, no accents or punctuation, common synonyms folded, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, replacement in _SYNONYMS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: tuple[Place, ...]

    @property
    def landmarks(self) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.kind == "landmark")

    def resolve(self, name: str) -> Place:
        """The place `name` means, tolerantly; UnknownPlace (with suggestions) if none."""
        query = normalize(name)
        if not query:
            raise UnknownPlace(name)
        keys, owners = _keys(self)
        exact = [owners[i] for i, key in enumerate(keys) if key == query]
        if exact:
            return self.places[min(exact, key=self._priority)]
        compact = query.replace(" ", "")
        best: dict[int, float] = {}
        for scorer, choice in ((fuzz.ratio, query), (fuzz.token_sort_ratio, query)):
            for _, score, i in process.extract(
                choice, keys, scorer=scorer, limit=8, score_cutoff=MATCH_CUTOFF
            ):
                best[owners[i]] = max(best.get(owners[i], 0.0), score)
        for i, key in enumerate(keys):
            score = fuzz.ratio(compact, key.replace(" ", ""))
            if score >= MATCH_CUTOFF:
                best[owners[i]] = max(best.get(owners[i], 0.0), score)
        if best:
            top = max(best.values())
            return self.places[min((o for o, s in best.items() if s == top), key=self._priority)]
        raise UnknownPlace(name, self.suggest(name))

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """The closest place labels, for an error message."""
        keys, owners = _keys(self)
        seen: list[str] = []
        for _, _, i in process.extract(normalize(name), keys, scorer=fuzz.WRatio, limit=20):
            label = self.places[owners[i]].label
            if label not in seen:
                seen.append(label)
            if len(seen) == limit:
                break
        return tuple(seen)

    def _priority(self, index: int) -> tuple[int, float]:
        place = self.places[index]
        return KIND_RANK[place.kind], -_CITY_WEIGHT.get(place.city, 0.0)

    def position(self, name: str) -> Position:
        """Shortcut: where the place `name` is."""
        return self.resolve(name).position


_CITY_WEIGHT = {c.name: c.weight for c in CITIES}


@cache
def _keys(gazetteer: Gazetteer) -> tuple[list[str], list[int]]:
    keys: list[str] = []
    owners: list[int] = []
    for i, place in enumerate(gazetteer.places):
        for key in _place_keys(place):
            keys.append(key)
            owners.append(i)
    return keys, owners


def _place_keys(place: Place) -> Iterable[str]:
    names = {normalize(n) for n in (place.name, *place.aliases)}
    city = normalize(place.city)
    for name in list(names):
        if name.endswith(" station"):
            names.add(name.removesuffix(" station") + " railway station")
    for name in names:
        yield name
        if place.kind != "city" and not name.startswith(city):
            yield f"{city} {name}"
            yield f"{name} {city}"


def _build() -> Gazetteer:
    places: list[Place] = [
        Place(name, city, lat, lon, "landmark", tuple(a for a in aliases.split("|") if a))
        for name, city, lat, lon, aliases in _LANDMARKS
    ]
    for c in CITIES:
        places.append(Place(c.name, c.name, c.lat, c.lon, "city"))
        places.extend(Place(d.name, c.name, d.lat, d.lon, "district") for d in c.districts)
    return Gazetteer(tuple(places))


@cache
def gazetteer() -> Gazetteer:
    """The built-in gazetteer (built once per process)."""
    return _build()


def resolve_place(name: str) -> Place:
    """The built-in gazetteer's place for `name` (tolerant); UnknownPlace if none."""
    return gazetteer().resolve(name)
