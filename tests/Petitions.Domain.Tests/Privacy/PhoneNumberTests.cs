using Petitions.Domain.Privacy;

namespace Petitions.Domain.Tests.Privacy;

public sealed class PhoneNumberTests
{
    [Theory]
    // Mobiles, however typed.
    [InlineData("13812345678", "13812345678")]
    [InlineData(" 138 1234 5678 ", "13812345678")]
    [InlineData("138-1234-5678", "13812345678")]
    [InlineData("(138)12345678", "13812345678")]
    [InlineData("１３８１２３４５６７８", "13812345678")]
    [InlineData("+86 138 1234 5678", "13812345678")]
    [InlineData("+86-13812345678", "13812345678")]
    [InlineData("(+86)13812345678", "13812345678")]
    [InlineData("＋８６　１３８１２３４５６７８", "13812345678")]
    [InlineData("008613812345678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("013812345678", "13812345678")]
    [InlineData("19912345678", "19912345678")]
    [InlineData("15099887766", "15099887766")]
    // Landlines: the area code decides the split, not the caller's dash.
    [InlineData("0991-1234567", "0991-1234567")]
    [InlineData("09911234567", "0991-1234567")]
    [InlineData("0991 1234567", "0991-1234567")]
    [InlineData("(0991)1234567", "0991-1234567")]
    [InlineData("（0991）1234567", "0991-1234567")]
    [InlineData("0991－12345678", "0991-12345678")]
    [InlineData("099-11234567", "0991-1234567")]
    [InlineData("010-87654321", "010-87654321")]
    [InlineData("010-8765-4321", "010-87654321")]
    [InlineData("02187654321", "021-87654321")]
    [InlineData("0902-2345678", "0902-2345678")]
    // Extensions are dropped.
    [InlineData("0991-1234567-8001", "0991-1234567")]
    [InlineData("0991-1234567转8001", "0991-1234567")]
    [InlineData("0991-1234567 分机 801", "0991-1234567")]
    [InlineData("0991-1234567 ext. 12", "0991-1234567")]
    [InlineData("0991-1234567#6", "0991-1234567")]
    public void Normalizes_plausible_numbers(string raw, string expected)
    {
        Assert.Equal(expected, PhoneNumber.Normalize(raw));
        Assert.True(PhoneNumber.IsPlausible(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("无")]
    [InlineData("匿名")]
    // Hotlines and service numbers are not a complainant's phone.
    [InlineData("12345")]
    [InlineData("12369")]
    [InlineData("110")]
    [InlineData("95598")]
    [InlineData("4001234567")]
    [InlineData("400-123-4567")]
    [InlineData("8008101234")]
    [InlineData("800-810-1234")]
    // Wrong lengths and prefixes.
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("12812345678")]
    [InlineData("23812345678")]
    [InlineData("1234567")]
    [InlineData("0991-123456")]
    [InlineData("0991-123456789")]
    [InlineData("0991-0234567")]
    [InlineData("0123-4567890")]
    [InlineData("+8713812345678")]
    [InlineData("86-0991-1234567x")]
    [InlineData("138abcd5678")]
    public void Rejects_what_is_not_a_complainant_phone(string? raw)
    {
        Assert.Null(PhoneNumber.Normalize(raw));
        Assert.False(PhoneNumber.IsPlausible(raw));
    }

    [Fact]
    public void Tells_landlines_from_mobiles()
    {
        Assert.True(PhoneNumber.IsLandline(PhoneNumber.Normalize("09911234567")!));
        Assert.False(PhoneNumber.IsLandline(PhoneNumber.Normalize("+86 13812345678")!));
    }
}
