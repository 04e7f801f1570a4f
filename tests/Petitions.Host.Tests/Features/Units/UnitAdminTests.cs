using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Units;

public abstract class UnitAdminTests(PetitionsHost host)
{
    [Fact]
    public async Task The_seeded_tree_has_the_region_with_14_prefectures_and_the_corps_with_14_divisions()
    {
        var handler = await host.ClientFor("handler.654000");
        var tree = (await handler.GetJson("/api/units")).AsArray();
        var region = tree.Single(u => u!["code"]!.GetValue<string>() == "650000")!;
        var corps = tree.Single(u => u!["code"]!.GetValue<string>() == "BT")!;
        Assert.Equal("新疆维吾尔自治区", region["name"]!.GetValue<string>());
        Assert.Equal(14, region["children"]!.AsArray().Count);
        Assert.Equal(14, corps["children"]!.AsArray().Count);
        Assert.Equal("第八师石河子市", corps["children"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "BT08")!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_adds_renames_moves_and_deactivates_a_unit_and_codes_stay()
    {
        var admin = await host.ClientFor("admin");
        var code = $"D{Random.Shared.Next(10000, 99999)}";
        var created = await admin.PostJson("/api/units", new { code, name = "生态环境厅", parentCode = "650000", kind = "Department", responsiblePerson = "王厅长" }, 201);
        Assert.Equal("650000", created["parentCode"]!.GetValue<string>());

        var moved = await admin.PutAsJsonAsync($"/api/units/{code}", new { name = "自治区生态环境厅", parentCode = "BT", kind = "Department", active = false, rectificationDays = 20 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var unit = await admin.GetJson($"/api/units/{code}");
        Assert.Equal("自治区生态环境厅", unit["name"]!.GetValue<string>());
        Assert.Equal("BT", unit["parentCode"]!.GetValue<string>());
        Assert.False(unit["active"]!.GetValue<bool>());

        // Deactivated units are not offered for new registrations.
        var intake = await host.ClientFor("intake");
        var problem = await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), region: code), 400);
        Assert.NotNull(problem["errors"]!["regionCode"]);

        await admin.PostJson("/api/units", new { code, name = "重复", kind = "Department" }, 409);
    }

    [Fact]
    public async Task A_unit_cannot_move_under_its_own_subtree_and_bad_input_is_400()
    {
        var admin = await host.ClientFor("admin");
        var response = await admin.PutAsJsonAsync("/api/units/BT", new { name = "新疆生产建设兵团", parentCode = "BT03", kind = "Corps" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]!["parentCode"]);
        var bad = await admin.PostJson("/api/units", new { code = "x y", name = "", kind = "Planet" }, 400);
        Assert.Equal(["code", "kind", "name"], bad["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Only_admins_edit_units_and_handlers_see_only_their_own_unit_profiles()
    {
        var supervisor = await host.ClientFor("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/units", new { code = "ZZ1", name = "x", kind = "Department" })).StatusCode);
        var handler = await host.ClientFor("handler.654000");
        await handler.GetJson("/api/units/654000");
        await handler.GetJson("/api/units/650100", 404);
    }

    [Fact]
    public async Task A_supervision_notice_to_a_unit_is_answered_by_its_handler()
    {
        var supervisor = await host.ClientFor("supervisor");
        var issued = await supervisor.PostJson("/api/units/654200/supervision", new { note = "请于本周内报送超期案件整改情况", replyDueAt = host.Clock.GetUtcNow().AddDays(5) });
        var notice = issued["supervisionNotices"]!.AsArray().Last()!;
        var no = notice["no"]!.GetValue<int>();

        var otherHandler = await host.ClientFor("handler.654000");
        Assert.Equal(HttpStatusCode.NotFound, (await otherHandler.PostAsJsonAsync($"/api/units/654200/supervision/{no}/reply", new { reply = "x" })).StatusCode);

        var handler = await host.ClientFor("handler.654200");
        var replied = await handler.PostJson($"/api/units/654200/supervision/{no}/reply", new { reply = "已报送整改情况" });
        Assert.Equal("已报送整改情况", replied["supervisionNotices"]!.AsArray().Single(n => n!["no"]!.GetValue<int>() == no)!["reply"]!.GetValue<string>());
        await handler.PostJson($"/api/units/654200/supervision/{no}/reply", new { reply = "再次答复" }, 409);
    }
}

public sealed class UnitAdminOnSqlite(SqliteHost host) : UnitAdminTests(host), IClassFixture<SqliteHost>;

public sealed class UnitAdminOnPostgres(PostgresHost host) : UnitAdminTests(host), IClassFixture<PostgresHost>;
