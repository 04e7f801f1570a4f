using MudBlazor;

namespace Petitions.Host.Components.Layout;

/// <summary>The look: a sober blue for a government office, system CJK fonts (nothing fetched from the internet).</summary>
public static class UiTheme
{
    private static readonly string[] Fonts =
        ["\"PingFang SC\"", "\"Microsoft YaHei\"", "\"Noto Sans CJK SC\"", "\"Source Han Sans SC\"", "\"WenQuanYi Micro Hei\"", "\"Helvetica Neue\"", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e8c",
            Secondary = "#b23a2e",
            Tertiary = "#2e7d6b",
            AppbarBackground = "#1f4e8c",
            Background = "#f4f6f9",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1d2330",
            // Secondary text, labels and the warning colour are dark enough for 4.5:1 on white and on the page background (WCAG AA, checked by axe).
            TextSecondary = "#555b66",
            Success = "#2e7d32",
            Warning = "#9a5800",
            Error = "#c62828",
            Info = "#1565c0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts, FontSize = "0.875rem", LineHeight = "1.5" },
            H4 = new H4Typography { FontFamily = Fonts, FontSize = "1.5rem", FontWeight = "600" },
            H5 = new H5Typography { FontFamily = Fonts, FontSize = "1.25rem", FontWeight = "600" },
            H6 = new H6Typography { FontFamily = Fonts, FontSize = "1.05rem", FontWeight = "600" },
            Button = new ButtonTypography { FontFamily = Fonts, TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "200px" },
    };
}
