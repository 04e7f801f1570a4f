using Petitions.Domain.Subjects;

namespace Petitions.Domain.Tests.Subjects;

public sealed class SubjectKeyTests
{
    [Theory]
    // Legal-form suffixes, in brackets of either width, with spaces of either width.
    [InlineData("新疆天山水泥股份有限公司", "新疆天山水泥")]
    [InlineData("新疆 天山水泥（股份有限公司）", "新疆天山水泥")]
    [InlineData("新疆天山水泥(股份有限公司)", "新疆天山水泥")]
    [InlineData("新疆天山水泥股份公司", "新疆天山水泥")]
    [InlineData("新疆天山水泥公司", "新疆天山水泥")]
    [InlineData("乌鲁木齐市某某热力有限责任公司", "乌鲁木齐市某某热力")]
    [InlineData("乌鲁木齐市 某某热力 有限责任公司", "乌鲁木齐市某某热力")]
    [InlineData("中石油克拉玛依石化有限责任公司", "中石油克拉玛依石化")]
    [InlineData("中石油克拉玛依石化公司", "中石油克拉玛依石化")]
    [InlineData("特变电工股份有限公司", "特变电工")]
    [InlineData("特变电工", "特变电工")]
    [InlineData("新疆中泰化学股份有限公司", "新疆中泰化学")]
    [InlineData("新疆中泰化学（集团）股份有限公司", "新疆中泰化学")]
    [InlineData("新疆中泰（集团）有限责任公司", "新疆中泰")]
    [InlineData("新疆中泰集团有限公司", "新疆中泰")]
    [InlineData("新疆中泰集团公司", "新疆中泰")]
    [InlineData("新疆　天业（集团）有限公司", "新疆天业")]
    [InlineData("新疆天业股份有限公司", "新疆天业")]
    [InlineData("新疆金风科技股份有限公司", "新疆金风科技")]
    [InlineData("新疆八一钢铁股份有限公司", "新疆八一钢铁")]
    [InlineData("《新疆广汇》实业投资（集团）有限责任公司", "新疆广汇实业投资")]
    [InlineData("伊犁某某矿业总公司", "伊犁某某矿业")]
    // "集团" inside a name is part of it; only trailing short forms go.
    [InlineData("宝钢集团新疆八一钢铁有限公司", "宝钢集团新疆八一钢铁")]
    // Latin letters: full-width to half-width, then lower case.
    [InlineData("ABC化工有限公司", "abc化工")]
    [InlineData("abc化工", "abc化工")]
    [InlineData("ＡＢＣ化工有限公司", "abc化工")]
    [InlineData("Abc 化工 有限公司", "abc化工")]
    [InlineData("新疆Ｘ-Ｙ新材料有限公司", "新疆xy新材料")]
    // Site words stay: they tell sites apart.
    [InlineData("昌吉某某养殖场", "昌吉某某养殖场")]
    [InlineData("昌吉 某某 养殖场。", "昌吉某某养殖场")]
    [InlineData("【昌吉】某某养殖场", "昌吉某某养殖场")]
    [InlineData("「昌吉」某某养殖场", "昌吉某某养殖场")]
    [InlineData("石河子第一化工厂", "石河子第一化工厂")]
    [InlineData("哈密市某某煤矿", "哈密市某某煤矿")]
    [InlineData("库尔勒某某加油站", "库尔勒某某加油站")]
    [InlineData("奎屯 某某 热电厂 (二期)", "奎屯某某热电厂二期")]
    [InlineData("喀什某某建材有限公司——第二砖厂", "喀什某某建材第二砖厂")]
    [InlineData("新疆第１２３团某某厂", "新疆第123团某某厂")]
    // Punctuation of every width and invisible characters.
    [InlineData("阿克苏·某某纺织有限公司", "阿克苏某某纺织")]
    [InlineData("阿克苏，某某纺织、有限公司", "阿克苏某某纺织")]
    [InlineData("新疆某某环保科技有限公司 \t", "新疆某某环保科技")]
    [InlineData("吐鲁番某某葡萄酒业有限公司\u200B", "吐鲁番某某葡萄酒业")]
    [InlineData("<新疆>某某/物流_有限公司", "新疆某某物流")]
    // Branches keep "分公司"; the parent's full legal form inside the name goes.
    [InlineData("新疆中泰化学股份有限公司阜康分公司", "新疆中泰化学阜康分公司")]
    [InlineData("新疆中泰化学阜康分公司", "新疆中泰化学阜康分公司")]
    [InlineData("新疆某某物流有限公司乌鲁木齐分公司", "新疆某某物流乌鲁木齐分公司")]
    [InlineData("某某热力一分公司", "某某热力一分公司")]
    // A name that is only a suffix is never reduced to nothing.
    [InlineData("有限公司", "有限公司")]
    [InlineData("（股份有限公司）", "股份有限公司")]
    [InlineData("有限责任公司", "有限责任公司")]
    [InlineData("公司", "公司")]
    [InlineData("集团有限公司", "集团")]
    [InlineData("（集团）公司", "集团")]
    public void Normalizes_variants_of_a_name_to_one_key(string target, string expected) =>
        Assert.Equal(expected, SubjectKey.Normalize(target));

    [Theory]
    [InlineData("新疆天山水泥股份有限公司", "新疆天山钢铁股份有限公司")]
    [InlineData("某某热力一分公司", "某某热力有限公司")]
    [InlineData("某某热力分公司", "某某热力公司")]
    [InlineData("新疆中泰化学阜康分公司", "新疆中泰化学米东分公司")]
    [InlineData("石河子第一化工厂", "石河子第二化工厂")]
    [InlineData("新疆中泰化学股份有限公司", "新疆中泰（集团）有限责任公司")]
    [InlineData("哈密某某煤矿", "哈密某某有限公司")]
    [InlineData("库尔勒某某加油站", "库尔勒某某加气站")]
    [InlineData("奎屯某某热电厂", "奎屯某某热电有限公司")]
    [InlineData("昌吉某某养殖场", "昌吉某某养殖合作社")]
    [InlineData("新疆某某1号井", "新疆某某2号井")]
    [InlineData("ABC化工有限公司", "ABD化工有限公司")]
    public void Keeps_different_subjects_apart(string one, string other) =>
        Assert.NotEqual(SubjectKey.Normalize(one), SubjectKey.Normalize(other));

    [Fact]
    public void Returns_empty_only_for_a_name_without_letters_or_digits() =>
        Assert.Equal(string.Empty, SubjectKey.Normalize(" （）—— 。"));

    [Fact]
    public void Is_stable_when_applied_twice()
    {
        var once = SubjectKey.Normalize("新疆中泰化学（集团）股份有限公司");
        Assert.Equal(once, SubjectKey.Normalize(once));
    }

    [Fact]
    public void Key_joins_region_and_normalised_target() =>
        Assert.Equal("650100|新疆天山水泥", SubjectKey.For("650100", "新疆 天山水泥（股份有限公司）"));

    [Fact]
    public void Same_name_in_the_same_region_gives_the_same_key() =>
        Assert.Equal(SubjectKey.For("650100", "特变电工股份有限公司"), SubjectKey.For("650100", "特变电工"));

    [Fact]
    public void Same_name_in_different_regions_gives_different_keys() =>
        Assert.NotEqual(SubjectKey.For("650100", "特变电工股份有限公司"), SubjectKey.For("652300", "特变电工股份有限公司"));

    [Fact]
    public void Refuses_a_target_that_normalises_to_nothing()
    {
        Assert.Throws<ArgumentException>(() => SubjectKey.For("650100", "（）"));
        Assert.False(SubjectKey.TryFor("650100", "（）", out var key));
        Assert.Null(key);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("65|01")]
    public void Refuses_a_blank_region_or_one_with_the_separator(string region) =>
        Assert.ThrowsAny<ArgumentException>(() => SubjectKey.For(region, "特变电工"));

    [Fact]
    public void TryFor_gives_the_key_for_a_real_name()
    {
        Assert.True(SubjectKey.TryFor("650100", "特变电工股份有限公司", out var key));
        Assert.Equal("650100|特变电工", key);
    }
}
