namespace Petitions.Domain.Units;

public enum UnitKind { Region, Prefecture, Corps, Division, Department }

/// <summary>A responsible unit (责任单位) as seeded: keyed by administrative division code (or BTnn for divisions).</summary>
public sealed record UnitSeed(string Code, string Name, string? ParentCode, UnitKind Kind, int SortOrder);

/// <summary>The unit catalog seeded at first start (the autonomous region, its 14 prefectures and the Corps' 14 divisions); administrators edit it afterwards.</summary>
public static class UnitCatalog
{
    public const string Region = "650000";
    public const string Corps = "BT";

    public static readonly IReadOnlyList<UnitSeed> Seed = Build();

    private static List<UnitSeed> Build()
    {
        var units = new List<UnitSeed> { new(Region, "新疆维吾尔自治区", null, UnitKind.Region, 1) };
        (string Code, string Name)[] prefectures =
        [
            ("650100", "乌鲁木齐市"), ("650200", "克拉玛依市"), ("650400", "吐鲁番市"), ("650500", "哈密市"),
            ("652300", "昌吉回族自治州"), ("652700", "博尔塔拉蒙古自治州"), ("652800", "巴音郭楞蒙古自治州"),
            ("652900", "阿克苏地区"), ("653000", "克孜勒苏柯尔克孜自治州"), ("653100", "喀什地区"), ("653200", "和田地区"),
            ("654000", "伊犁哈萨克自治州"), ("654200", "塔城地区"), ("654300", "阿勒泰地区"),
        ];
        units.AddRange(prefectures.Select((p, i) => new UnitSeed(p.Code, p.Name, Region, UnitKind.Prefecture, i + 1)));

        units.Add(new UnitSeed(Corps, "新疆生产建设兵团", null, UnitKind.Corps, 2));
        string[] divisions =
        [
            "第一师阿拉尔市", "第二师铁门关市", "第三师图木舒克市", "第四师可克达拉市", "第五师双河市", "第六师五家渠市",
            "第七师胡杨河市", "第八师石河子市", "第九师白杨市", "第十师北屯市", "第十一师", "第十二师", "第十三师新星市",
            "第十四师昆玉市",
        ];
        units.AddRange(divisions.Select((name, i) => new UnitSeed($"BT{i + 1:D2}", name, Corps, UnitKind.Division, i + 1)));
        return units;
    }
}
