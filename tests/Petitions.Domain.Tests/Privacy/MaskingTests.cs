using Petitions.Domain.Privacy;

namespace Petitions.Domain.Tests.Privacy;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("李四光", "李**")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("买买提·艾力", "买*****")]
    [InlineData(" 王五 ", "王*")]
    [InlineData("张", "*")]
    [InlineData("𠮷祥", "𠮷*")]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("  ", "  ")]
    public void Masks_names(string? name, string? expected) =>
        Assert.Equal(expected, Masking.Name(name));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+86 138 1234 5678", "138****5678")]
    [InlineData("138-1234-5678", "138****5678")]
    [InlineData("0991-1234567", "0991-***4567")]
    [InlineData("09911234567", "0991-***4567")]
    [InlineData("0991-12345678", "0991-****5678")]
    [InlineData("010-87654321", "010-****4321")]
    [InlineData("0991-1234567转8001", "0991-***4567")]
    // Not a recognisable phone: only the last two characters show.
    [InlineData("12345", "***45")]
    [InlineData("4001234567", "********67")]
    [InlineData("无", "*")]
    [InlineData("12", "**")]
    [InlineData(null, null)]
    [InlineData("", "")]
    public void Masks_phones(string? phone, string? expected) =>
        Assert.Equal(expected, Masking.Phone(phone));

    [Theory]
    [InlineData("新疆乌鲁木齐市天山区解放北路1号", "新疆乌鲁木齐****")]
    [InlineData("乌鲁木齐市沙依巴克区某某小区3栋", "乌鲁木齐市沙****")]
    [InlineData("昌吉市延安北路", "昌吉市延安北****")]
    [InlineData("天山区某小区", "天***")]
    [InlineData("某小区", "某***")]
    [InlineData("甲", "甲***")]
    [InlineData(null, null)]
    [InlineData("", "")]
    public void Masks_addresses(string? address, string? expected) =>
        Assert.Equal(expected, Masking.Address(address));
}
