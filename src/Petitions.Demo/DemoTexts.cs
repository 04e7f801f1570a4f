using Petitions.Domain.Cases;

namespace Petitions.Demo;

/// <summary>
/// The words demo cases are made of: places per unit, invented company names, and complaint, finding and measure
/// texts per category, modelled on published inspection handover lists. The companies are fictitious.
/// </summary>
internal static class DemoTexts
{
    /// <summary>Per unit: its weight in the case mix (bigger prefectures receive more complaints) and some of its places.</summary>
    public static readonly IReadOnlyList<(string Unit, double Weight, string[] Places)> Units =
    [
        ("650100", 10, ["米东区", "头屯河区", "新市区", "水磨沟区", "达坂城区", "沙依巴克区"]),
        ("650200", 4, ["独山子区", "白碱滩区", "乌尔禾区", "克拉玛依区"]),
        ("650400", 3, ["高昌区", "鄯善县", "托克逊县"]),
        ("650500", 4, ["伊州区", "巴里坤县", "伊吾县"]),
        ("652300", 7, ["昌吉市", "阜康市", "玛纳斯县", "呼图壁县", "吉木萨尔县"]),
        ("652700", 3, ["博乐市", "精河县", "阿拉山口市"]),
        ("652800", 6, ["库尔勒市", "轮台县", "尉犁县", "和静县", "焉耆县"]),
        ("652900", 6, ["阿克苏市", "库车市", "拜城县", "新和县", "沙雅县"]),
        ("653000", 2, ["阿图什市", "阿克陶县", "乌恰县"]),
        ("653100", 6, ["喀什市", "疏附县", "疏勒县", "莎车县", "巴楚县"]),
        ("653200", 3, ["和田市", "墨玉县", "洛浦县", "于田县"]),
        ("654000", 7, ["伊宁市", "奎屯市", "霍尔果斯市", "察布查尔县", "新源县", "霍城县"]),
        ("654200", 4, ["塔城市", "乌苏市", "沙湾市", "额敏县"]),
        ("654300", 3, ["阿勒泰市", "布尔津县", "福海县", "富蕴县"]),
        ("BT01", 2, ["阿拉尔市", "十团", "十二团"]),
        ("BT02", 1.5, ["铁门关市", "二十九团", "三十团"]),
        ("BT03", 1.5, ["图木舒克市", "四十四团", "五十一团"]),
        ("BT04", 1.5, ["可克达拉市", "六十二团", "七十一团"]),
        ("BT05", 1.5, ["双河市", "八十一团", "八十九团"]),
        ("BT06", 2, ["五家渠市", "一〇三团", "芳草湖农场"]),
        ("BT07", 1.5, ["胡杨河市", "一二三团", "一二五团"]),
        ("BT08", 4, ["石河子市", "一三三团", "一四三团", "北泉镇"]),
        ("BT09", 1, ["白杨市", "一六二团", "一六五团"]),
        ("BT10", 1, ["北屯市", "一八一团", "一八三团"]),
        ("BT11", 1, ["建工师产业园", "头屯河工业园"]),
        ("BT12", 1, ["五一农场", "头屯河农场", "一〇四团"]),
        ("BT13", 1, ["新星市", "红星一场", "黄田农场"]),
        ("BT14", 1, ["昆玉市", "皮山农场", "一牧场"]),
    ];

    public static readonly string[] Brands =
    [
        "金泰", "恒昌", "鑫源", "宏达", "华泰", "瑞丰", "新捷", "昊源", "博瑞", "众和", "银河", "丝路", "雪峰", "胡杨", "红山",
        "金盛", "盛达", "隆鑫", "嘉禾", "永泰", "正信", "祥瑞", "万通", "汇能", "德润", "天瑞", "泰和", "佳禾", "宏远", "鼎盛",
        "立信", "合力", "兴业", "恒泰", "福源", "安泰", "金石", "润通", "新源", "西域", "昆仑", "天池", "绿洲", "驼铃", "玉龙",
        "金山", "宝泉", "康宁", "聚鑫", "腾达", "顺达", "长青", "海川", "远航", "金鼎", "荣盛", "凯旋", "锦华", "天元", "北辰",
    ];

    /// <summary>A complained-about business: "X化工" becomes a company with a legal form, a site keeps its own word.</summary>
    public sealed record Industry(string Name, bool Company);

    public static readonly IReadOnlyDictionary<Category, Industry[]> Industries = new Dictionary<Category, Industry[]>
    {
        [Category.Air] =
        [
            new("化工", true), new("焦化", true), new("水泥", true), new("建材", true), new("热电", true), new("铁合金", true),
            new("硅业", true), new("活性炭", true), new("塑料制品", true), new("饲料", true), new("沥青搅拌站", false),
            new("石料厂", false), new("砖厂", false), new("供热站", false), new("洗煤厂", false), new("煤矿", false), new("汽修厂", false),
        ],
        [Category.Noise] =
        [
            new("房地产开发", true), new("钢结构", true), new("商砼站", false), new("KTV", false), new("酒吧", false),
            new("机械加工厂", false), new("物流园", false), new("石材加工厂", false), new("农贸市场", false),
        ],
        [Category.Water] =
        [
            new("造纸", true), new("乳业", true), new("番茄制品", true), new("棉纺", true), new("酿造", true), new("淀粉", true),
            new("制糖", true), new("养殖场", false), new("屠宰场", false), new("污水处理厂", false), new("洗车场", false),
        ],
        [Category.SolidWaste] =
        [
            new("渣土运输", true), new("危废处置", true), new("冶炼", true), new("再生资源回收站", false), new("建筑垃圾消纳场", false),
            new("废旧轮胎加工厂", false), new("垃圾填埋场", false),
        ],
        [Category.Ecology] =
        [
            new("矿业", true), new("农业开发", true), new("旅游开发", true), new("砂石料场", false), new("采石场", false),
        ],
        [Category.Radiation] =
        [
            new("无损检测", true), new("通信铁塔基站", false), new("医院", false), new("变电站", false),
        ],
    };

    public static readonly (string Form, double Weight)[] LegalForms =
        [("有限公司", 60), ("有限责任公司", 25), ("股份有限公司", 5), ("公司", 10)];

    public static readonly string[] Projects = ["阳光", "锦绣", "和谐", "幸福", "丽景", "翡翠", "书香", "康城", "春天", "滨河"];

    public static readonly string[] Roads = ["人民路", "解放路", "团结路", "友谊路", "建设路", "迎宾路", "工业园路", "光明路", "北京路", "天山路", "长江路", "文化路"];

    public static readonly IReadOnlyDictionary<Category, string[]> Complaints = new Dictionary<Category, string[]>
    {
        [Category.Air] =
        [
            "{0}夜间偷排废气，厂区周边弥漫刺鼻气味，附近居民晚上不敢开窗。",
            "{0}燃煤锅炉烟囱长期冒黑烟，除尘设施形同虚设，冬季周边空气污浊。",
            "{0}物料露天堆放未苫盖，刮风天气粉尘飞扬，附近农田和住户受影响。",
            "{0}生产时产生大量恶臭气体，疑似未经处理直接排放，群众反映强烈。",
            "{0}违规焚烧废料，浓烟滚滚，影响{1}周边居民正常生活。",
            "{0}挥发性有机物收集处理设施未正常运行，车间异味外溢。",
        ],
        [Category.Noise] =
        [
            "{0}夜间连续施工，机械轰鸣声持续到凌晨，严重影响周边居民休息。",
            "{0}设备运行噪声大，昼夜不停，附近小区居民无法正常休息。",
            "{0}经营至深夜，音响声音过大，周边住户多次投诉无果。",
            "{0}大型车辆夜间频繁进出，装卸作业噪声扰民。",
        ],
        [Category.Water] =
        [
            "{0}将未经处理的废水直接排入附近渠道，水体发黑发臭。",
            "{0}废水和废渣随意堆放，雨后污水横流，渗入周边农田。",
            "{0}污水处理设施不正常运行，出水浑浊有异味，疑似超标排放。",
            "{0}在厂区内挖设渗坑排放生产废水，群众担心污染地下水。",
        ],
        [Category.SolidWaste] =
        [
            "{0}在{1}郊外随意倾倒工业固体废物，占用大片土地。",
            "{0}危险废物露天堆放，无防渗防雨措施，未按规定转移处置。",
            "{0}建筑垃圾乱倒乱堆，扬尘严重，长期无人清理。",
            "{0}焚烧废旧轮胎、塑料等废物，黑烟和异味扰民。",
        ],
        [Category.Ecology] =
        [
            "{0}在河道内非法采砂，破坏河床和岸线，影响防洪安全。",
            "{0}未批先建，占用草原开展建设，植被遭到破坏。",
            "{0}采矿后未进行生态修复，遗留大面积裸露采坑。",
            "{0}擅自开垦林地草地，破坏当地生态。",
        ],
        [Category.Radiation] =
        [
            "{0}距离居民楼过近，居民担心电磁辐射影响身体健康。",
            "{0}射线探伤作业未设置警戒区域，周边群众担心辐射安全。",
            "{0}放射诊疗场所防护设施不到位，群众担心辐射泄漏。",
        ],
    };

    /// <summary>A second problem reported in the same complaint.</summary>
    public static readonly IReadOnlyDictionary<Category, string> AlsoReported = new Dictionary<Category, string>
    {
        [Category.Air] = "同时厂区粉尘和异味较重。",
        [Category.Noise] = "同时设备噪声较大，夜间扰民。",
        [Category.Water] = "另有生产废水外排现象。",
        [Category.SolidWaste] = "厂区外还堆放着大量固体废物。",
        [Category.Ecology] = "周边草场植被也遭到破坏。",
        [Category.Radiation] = "群众还担心辐射安全问题。",
    };

    /// <summary>What a substantiated complaint turned out to be, per category.</summary>
    public static readonly IReadOnlyDictionary<Category, string> Problems = new Dictionary<Category, string>
    {
        [Category.Air] = "废气污染防治设施未正常运行、物料堆场未有效苫盖",
        [Category.Noise] = "夜间施工未办理许可、设备噪声超标",
        [Category.Water] = "生产废水未经有效处理外排",
        [Category.SolidWaste] = "固体废物未按规定贮存和处置",
        [Category.Ecology] = "未经批准占用草原、河道",
        [Category.Radiation] = "辐射安全管理制度落实不到位",
    };

    public static readonly string[] NotAcceptedReasons =
    [
        "举报内容不属于生态环境部门职责范围，已告知举报人向住房和城乡建设部门反映。",
        "举报线索不清，无具体地址和被举报对象，无法开展核查。",
        "属于邻里之间的民事纠纷，已引导通过人民调解解决。",
        "举报事项已进入行政复议程序，依法不再按信访件受理。",
        "被举报对象位于辖区以外，已告知举报人向属地反映。",
    ];

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "马", "孙", "朱", "胡", "郭", "何", "高", "林", "罗", "郑",
    ];

    public static readonly string[] FullNames =
    [
        "买买提·艾力", "阿依古丽·吐尔逊", "热依拉·买买提", "艾尔肯·阿不都", "古丽娜尔·沙塔尔", "努尔兰·哈力别克",
        "迪丽努尔·艾山", "吐尔洪·肉孜", "阿布都热合曼·亚森", "巴合提亚尔·努尔江",
    ];

    public static readonly string[] GivenNames =
    [
        "建国", "志强", "秀英", "丽娟", "海军", "军", "敏", "静", "磊", "伟", "芳", "勇", "艳", "杰", "娟", "涛", "明", "超",
        "霞", "平", "刚", "桂英", "玉兰", "文华", "新华", "振华", "红梅", "国庆", "爱国", "建华",
    ];

    public static readonly string[] Inspectors = ["执法支队", "监测站", "属地环保所"];

    public static string LeaderTitle(string unitName) => unitName switch
    {
        _ when unitName.StartsWith('第') => "副师长",
        _ when unitName.EndsWith("自治州", StringComparison.Ordinal) => "副州长",
        _ when unitName.EndsWith("地区", StringComparison.Ordinal) => "行署副专员",
        _ => "副市长",
    };
}
