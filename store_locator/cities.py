"""Mainland Chinese cities: real city-centre coordinates, a size weight and main districts.

Weights are rounded urban populations in millions; they set how many stores a city gets and
how far they spread. District centres are approximate (good to a kilometre or two): they only
name stores and seed their clusters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CHINA_TZ = "Asia/Shanghai"


@dataclass(frozen=True, slots=True)
class District:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class City:
    name: str
    province: str
    lat: float
    lon: float
    weight: float
    districts: tuple[District, ...]
    timezone: str = CHINA_TZ

    @property
    def spread_km(self) -> float:
        """Standard deviation of the store cloud around the centre."""
        return 2.5 + 1.5 * math.sqrt(self.weight)


def _city(
    name: str,
    province: str,
    lat: float,
    lon: float,
    weight: float,
    *districts: tuple[str, float, float],
) -> City:
    return City(name, province, lat, lon, weight, tuple(District(*d) for d in districts))


# fmt: off
CITIES: tuple[City, ...] = (
    _city("Shanghai", "Shanghai", 31.2304, 121.4737, 24.9,
          ("Huangpu", 31.2317, 121.4846), ("Xuhui", 31.1884, 121.4365),
          ("Jing'an", 31.2286, 121.4477), ("Changning", 31.2204, 121.4245),
          ("Putuo", 31.2494, 121.3970), ("Hongkou", 31.2646, 121.5050),
          ("Yangpu", 31.2596, 121.5260), ("Pudong", 31.2215, 121.5440),
          ("Minhang", 31.1125, 121.3816), ("Baoshan", 31.4050, 121.4890),
          ("Jiading", 31.3747, 121.2655), ("Songjiang", 31.0320, 121.2277)),
    _city("Beijing", "Beijing", 39.9042, 116.4074, 21.9,
          ("Dongcheng", 39.9288, 116.4160), ("Xicheng", 39.9123, 116.3660),
          ("Chaoyang", 39.9219, 116.4436), ("Haidian", 39.9593, 116.2981),
          ("Fengtai", 39.8585, 116.2870), ("Shijingshan", 39.9056, 116.2229),
          ("Tongzhou", 39.9025, 116.6566), ("Changping", 40.2207, 116.2312),
          ("Daxing", 39.7268, 116.3414), ("Shunyi", 40.1300, 116.6545)),
    _city("Guangzhou", "Guangdong", 23.1291, 113.2644, 18.7,
          ("Yuexiu", 23.1290, 113.2668), ("Liwan", 23.1258, 113.2441),
          ("Haizhu", 23.0839, 113.3173), ("Tianhe", 23.1247, 113.3612),
          ("Baiyun", 23.1575, 113.2730), ("Panyu", 22.9376, 113.3841),
          ("Huangpu", 23.1062, 113.4593)),
    _city("Shenzhen", "Guangdong", 22.5431, 114.0579, 17.6,
          ("Futian", 22.5211, 114.0550), ("Luohu", 22.5480, 114.1316),
          ("Nanshan", 22.5330, 113.9305), ("Bao'an", 22.5550, 113.8830),
          ("Longgang", 22.7209, 114.2470), ("Longhua", 22.6966, 114.0445)),
    _city("Chongqing", "Chongqing", 29.5630, 106.5516, 16.0,
          ("Yuzhong", 29.5528, 106.5690), ("Jiangbei", 29.6066, 106.5743),
          ("Nan'an", 29.5233, 106.5608), ("Shapingba", 29.5411, 106.4563),
          ("Jiulongpo", 29.5022, 106.5110), ("Yubei", 29.7183, 106.6310)),
    _city("Chengdu", "Sichuan", 30.5728, 104.0668, 14.0,
          ("Jinjiang", 30.6571, 104.0834), ("Qingyang", 30.6740, 104.0613),
          ("Wuhou", 30.6423, 104.0433), ("Chenghua", 30.6599, 104.1017),
          ("Jinniu", 30.6913, 104.0514), ("Gaoxin", 30.5790, 104.0630),
          ("Shuangliu", 30.5747, 103.9230)),
    _city("Tianjin", "Tianjin", 39.1252, 117.1903, 13.9,
          ("Heping", 39.1173, 117.2148), ("Hexi", 39.1093, 117.2233),
          ("Nankai", 39.1383, 117.1503), ("Hebei", 39.1475, 117.1965),
          ("Hedong", 39.1283, 117.2516), ("Binhai", 39.0032, 117.7107)),
    _city("Wuhan", "Hubei", 30.5928, 114.3055, 13.7,
          ("Jiang'an", 30.6000, 114.3090), ("Jianghan", 30.6010, 114.2710),
          ("Wuchang", 30.5540, 114.3160), ("Hongshan", 30.5011, 114.3430),
          ("Hanyang", 30.5550, 114.2180), ("Qiaokou", 30.5822, 114.2143)),
    _city("Xi'an", "Shaanxi", 34.2610, 108.9423, 13.0,
          ("Beilin", 34.2565, 108.9345), ("Lianhu", 34.2671, 108.9113),
          ("Xincheng", 34.2669, 108.9609), ("Yanta", 34.2223, 108.9480),
          ("Weiyang", 34.3098, 108.9473), ("Baqiao", 34.2730, 109.0642)),
    _city("Hangzhou", "Zhejiang", 30.2741, 120.1551, 12.2,
          ("Shangcheng", 30.2500, 120.1700), ("Gongshu", 30.3190, 120.1420),
          ("Xihu", 30.2596, 120.1300), ("Binjiang", 30.2083, 120.2120),
          ("Xiaoshan", 30.1850, 120.2640), ("Yuhang", 30.4190, 120.2990)),
    _city("Suzhou", "Jiangsu", 31.2990, 120.5853, 12.7,
          ("Gusu", 31.3110, 120.6175), ("Wuzhong", 31.2620, 120.6310),
          ("Xiangcheng", 31.3690, 120.6420), ("Huqiu", 31.2960, 120.5660),
          ("Industrial Park", 31.3175, 120.7230), ("Kunshan", 31.3850, 120.9800)),
    _city("Zhengzhou", "Henan", 34.7466, 113.6253, 10.0,
          ("Jinshui", 34.8000, 113.6600), ("Zhongyuan", 34.7483, 113.6128),
          ("Erqi", 34.7240, 113.6400), ("Guancheng", 34.7540, 113.6890),
          ("Zhengdong", 34.7650, 113.7300)),
    _city("Dongguan", "Guangdong", 23.0205, 113.7518, 10.5,
          ("Nancheng", 23.0200, 113.7500), ("Dongcheng", 23.0340, 113.7830),
          ("Guancheng", 23.0440, 113.7500), ("Songshan Lake", 22.9210, 113.8900),
          ("Chang'an", 22.8050, 113.8040)),
    _city("Changsha", "Hunan", 28.2282, 112.9388, 10.0,
          ("Furong", 28.1850, 113.0370), ("Tianxin", 28.1130, 112.9900),
          ("Yuelu", 28.2350, 112.9310), ("Kaifu", 28.2570, 112.9870),
          ("Yuhua", 28.1350, 113.0360)),
    _city("Qingdao", "Shandong", 36.0671, 120.3826, 10.0,
          ("Shinan", 36.0755, 120.3950), ("Shibei", 36.0876, 120.3745),
          ("Laoshan", 36.1070, 120.4680), ("Licang", 36.1441, 120.4210),
          ("Huangdao", 35.9600, 120.1970)),
    _city("Nanjing", "Jiangsu", 32.0603, 118.7969, 9.3,
          ("Xuanwu", 32.0487, 118.7977), ("Qinhuai", 32.0393, 118.7947),
          ("Jianye", 32.0033, 118.7320), ("Gulou", 32.0663, 118.7700),
          ("Qixia", 32.0960, 118.9090), ("Jiangning", 31.9530, 118.8400)),
    _city("Foshan", "Guangdong", 23.0215, 113.1214, 9.5,
          ("Chancheng", 23.0090, 113.1220), ("Nanhai", 23.0290, 113.1430),
          ("Shunde", 22.8050, 113.2930), ("Sanshui", 23.1560, 112.8970)),
    _city("Hefei", "Anhui", 31.8206, 117.2272, 9.4,
          ("Luyang", 31.8690, 117.2650), ("Shushan", 31.8500, 117.2200),
          ("Baohe", 31.7950, 117.3090), ("Yaohai", 31.8580, 117.3090),
          ("Binhu", 31.7350, 117.2800)),
    _city("Ningbo", "Zhejiang", 29.8683, 121.5440, 9.4,
          ("Haishu", 29.8590, 121.5500), ("Jiangbei", 29.8880, 121.5550),
          ("Yinzhou", 29.8170, 121.5470), ("Beilun", 29.8990, 121.8440),
          ("Zhenhai", 29.9490, 121.7160)),
    _city("Jinan", "Shandong", 36.6512, 117.1201, 9.2,
          ("Lixia", 36.6660, 117.0760), ("Shizhong", 36.6510, 117.0000),
          ("Huaiyin", 36.6510, 116.9010), ("Tianqiao", 36.6780, 116.9870),
          ("Licheng", 36.6800, 117.0650)),
    _city("Shenyang", "Liaoning", 41.8057, 123.4315, 9.1,
          ("Heping", 41.7893, 123.4060), ("Shenhe", 41.7960, 123.4580),
          ("Huanggu", 41.8220, 123.4240), ("Tiexi", 41.8028, 123.3760),
          ("Hunnan", 41.7145, 123.4492)),
    _city("Kunming", "Yunnan", 25.0389, 102.7183, 8.5,
          ("Wuhua", 25.0430, 102.7040), ("Panlong", 25.0700, 102.7520),
          ("Guandu", 25.0150, 102.7430), ("Xishan", 25.0380, 102.6640),
          ("Chenggong", 24.8890, 102.8210)),
    _city("Fuzhou", "Fujian", 26.0745, 119.2965, 8.3,
          ("Gulou", 26.0820, 119.2930), ("Taijiang", 26.0530, 119.3140),
          ("Cangshan", 26.0390, 119.2730), ("Jin'an", 26.0820, 119.3280),
          ("Mawei", 25.9890, 119.4550)),
    _city("Wuxi", "Jiangsu", 31.5689, 120.2886, 7.5,
          ("Liangxi", 31.5660, 120.2960), ("Binhu", 31.5520, 120.2670),
          ("Xinwu", 31.4900, 120.3650), ("Huishan", 31.6810, 120.2980)),
    _city("Harbin", "Heilongjiang", 45.8038, 126.5350, 6.0,
          ("Daoli", 45.7550, 126.6170), ("Nangang", 45.7600, 126.6680),
          ("Daowai", 45.7850, 126.6490), ("Xiangfang", 45.7130, 126.6680),
          ("Songbei", 45.8080, 126.5630)),
    _city("Changchun", "Jilin", 43.8171, 125.3235, 6.0,
          ("Chaoyang", 43.8340, 125.3110), ("Nanguan", 43.8640, 125.3500),
          ("Kuancheng", 43.9030, 125.3260), ("Lüyuan", 43.8810, 125.2560),
          ("Erdao", 43.8650, 125.3740)),
    _city("Shijiazhuang", "Hebei", 38.0428, 114.5149, 6.0,
          ("Chang'an", 38.0370, 114.5390), ("Qiaoxi", 38.0040, 114.4610),
          ("Xinhua", 38.0510, 114.4630), ("Yuhua", 38.0140, 114.5310)),
    _city("Nanning", "Guangxi", 22.8170, 108.3665, 5.0,
          ("Qingxiu", 22.7850, 108.4950), ("Xingning", 22.8540, 108.3680),
          ("Xixiangtang", 22.8330, 108.3130), ("Jiangnan", 22.7810, 108.2730),
          ("Liangqing", 22.7590, 108.3220)),
    _city("Dalian", "Liaoning", 38.9140, 121.6147, 5.0,
          ("Zhongshan", 38.9180, 121.6440), ("Xigang", 38.9140, 121.6120),
          ("Shahekou", 38.9050, 121.5940), ("Ganjingzi", 38.9530, 121.5250),
          ("Jinzhou", 39.0500, 121.7820)),
    _city("Xiamen", "Fujian", 24.4798, 118.0894, 5.3,
          ("Siming", 24.4450, 118.0820), ("Huli", 24.5130, 118.1460),
          ("Jimei", 24.5750, 118.0970), ("Haicang", 24.4840, 117.9940),
          ("Xiang'an", 24.6190, 118.2470)),
    _city("Nanchang", "Jiangxi", 28.6820, 115.8579, 6.3,
          ("Donghu", 28.6850, 115.8990), ("Xihu", 28.6560, 115.8770),
          ("Qingshanhu", 28.6820, 115.9620), ("Honggutan", 28.6960, 115.8580)),
    _city("Guiyang", "Guizhou", 26.5783, 106.7135, 6.0,
          ("Nanming", 26.5680, 106.7150), ("Yunyan", 26.6050, 106.7240),
          ("Guanshanhu", 26.6010, 106.6250), ("Huaxi", 26.4330, 106.6700)),
    _city("Taiyuan", "Shanxi", 37.8706, 112.5489, 5.3,
          ("Yingze", 37.8700, 112.5630), ("Xinghualing", 37.8840, 112.5640),
          ("Xiaodian", 37.7360, 112.5650), ("Wanbailin", 37.8590, 112.5160)),
    _city("Changzhou", "Jiangsu", 31.8107, 119.9741, 5.3,
          ("Tianning", 31.7790, 119.9740), ("Zhonglou", 31.7950, 119.9010),
          ("Xinbei", 31.8300, 119.9720), ("Wujin", 31.7010, 119.9370)),
    _city("Lanzhou", "Gansu", 36.0611, 103.8343, 4.4,
          ("Chengguan", 36.0490, 103.8250), ("Qilihe", 36.0660, 103.7860),
          ("Xigu", 36.1000, 103.6280), ("Anning", 36.1030, 103.7190)),
    _city("Wenzhou", "Zhejiang", 27.9943, 120.6993, 4.0,
          ("Lucheng", 28.0150, 120.6550), ("Longwan", 27.9330, 120.8110),
          ("Ouhai", 27.9670, 120.6380)),
    _city("Urumqi", "Xinjiang", 43.8256, 87.6168, 4.0,
          ("Tianshan", 43.7940, 87.6320), ("Shaybak", 43.7880, 87.5980),
          ("Xinshi", 43.8430, 87.5730), ("Shuimogou", 43.8320, 87.6420)),
    _city("Xuzhou", "Jiangsu", 34.2058, 117.2841, 3.5,
          ("Gulou", 34.2880, 117.1860), ("Yunlong", 34.2550, 117.2320),
          ("Quanshan", 34.2440, 117.1940)),
    _city("Quanzhou", "Fujian", 24.8741, 118.6757, 3.5,
          ("Licheng", 24.9080, 118.5870), ("Fengze", 24.8880, 118.6130),
          ("Jinjiang", 24.7810, 118.5520)),
    _city("Tangshan", "Hebei", 39.6305, 118.1802, 3.5,
          ("Lubei", 39.6250, 118.2010), ("Lunan", 39.6150, 118.1540),
          ("Fengrun", 39.8320, 118.1620)),
    _city("Hohhot", "Inner Mongolia", 40.8424, 111.7490, 3.4,
          ("Xincheng", 40.8630, 111.6650), ("Huimin", 40.8080, 111.6480),
          ("Saihan", 40.7920, 111.7010), ("Yuquan", 40.7520, 111.6740)),
    _city("Shaoxing", "Zhejiang", 30.0300, 120.5800, 3.0,
          ("Yuecheng", 30.0000, 120.5820), ("Keqiao", 30.0830, 120.4950),
          ("Shangyu", 30.0330, 120.8680)),
    _city("Luoyang", "Henan", 34.6197, 112.4540, 3.0,
          ("Laocheng", 34.6830, 112.4690), ("Xigong", 34.6680, 112.4340),
          ("Jianxi", 34.6580, 112.3970), ("Luolong", 34.6190, 112.4640)),
    _city("Yantai", "Shandong", 37.4638, 121.4479, 3.0,
          ("Zhifu", 37.5400, 121.4000), ("Laishan", 37.5110, 121.4450),
          ("Fushan", 37.4970, 121.2670)),
    _city("Nantong", "Jiangsu", 32.0146, 120.8641, 3.0,
          ("Chongchuan", 32.0150, 120.8570), ("Gangzha", 32.0320, 120.8190),
          ("Tongzhou", 32.0660, 121.0730)),
    _city("Haikou", "Hainan", 20.0442, 110.3200, 2.9,
          ("Longhua", 20.0310, 110.3300), ("Meilan", 20.0290, 110.3670),
          ("Xiuying", 20.0080, 110.2940), ("Qiongshan", 20.0030, 110.3540)),
    _city("Yinchuan", "Ningxia", 38.4872, 106.2309, 2.9,
          ("Xingqing", 38.4730, 106.2890), ("Jinfeng", 38.4730, 106.2420),
          ("Xixia", 38.4920, 106.1620)),
    _city("Baotou", "Inner Mongolia", 40.6574, 109.8404, 2.7,
          ("Kundulun", 40.6620, 109.8230), ("Qingshan", 40.6430, 109.9010),
          ("Donghe", 40.5760, 110.0440)),
    _city("Xining", "Qinghai", 36.6171, 101.7782, 2.5,
          ("Chengzhong", 36.6210, 101.7840), ("Chengxi", 36.6280, 101.7660),
          ("Chengdong", 36.5990, 101.8030), ("Chengbei", 36.6500, 101.7660)),
    _city("Zhuhai", "Guangdong", 22.2710, 113.5767, 2.4,
          ("Xiangzhou", 22.2660, 113.5430), ("Doumen", 22.2090, 113.2960),
          ("Jinwan", 22.1470, 113.3630)),
    _city("Sanya", "Hainan", 18.2528, 109.5120, 1.0,
          ("Jiyang", 18.2760, 109.5780), ("Tianya", 18.3010, 109.5070),
          ("Haitang", 18.4060, 109.7520)),
    _city("Lhasa", "Tibet", 29.6520, 91.1721, 0.9,
          ("Chengguan", 29.6540, 91.1400), ("Doilungdêqên", 29.6530, 91.0030)),
)
# fmt: on


def city(name: str) -> City:
    """The city called `name` (exact English name)."""
    for candidate in CITIES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
