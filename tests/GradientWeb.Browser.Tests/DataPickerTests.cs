using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>The data-set picker as a student uses it: pick a lecture set, upload a CSV, generate points.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DataPickerTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Picking_dnnex0_shows_its_description_and_preview_and_a_seeded_mlp_trains_on_it()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.SelectOptionAsync("#dataset", "dnnex0");
        await Assertions.Expect(page.Locator("#dataset-description")).ToContainTextAsync("ReLU net");
        await Assertions.Expect(page.Locator("#dataset-preview")).ToHaveAttributeAsync("data-points", "2000");

        await page.SelectOptionAsync("select[name=model]", "mlp");
        await Assertions.Expect(page.Locator("input[name=layers]")).ToBeVisibleAsync();
        await page.SelectOptionAsync("select[name=loss]", "bce");
        await page.SelectOptionAsync("select[name=optimizer]", "adam");
        await page.SelectOptionAsync("select[name=init]", "seed");
        await page.FillAsync("input[name=lr]", "0.1");
        await page.FillAsync("input[name=epochs]", "200");
        await page.ClickAsync("#start");

        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-points", "2000");
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-underlying", "2000");
        await Assertions.Expect(page.Locator("#loss-chart")).ToHaveAttributeAsync("data-points", "201");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "dnnex0-mlp.png"), FullPage = true });
    }

    [Fact]
    public async Task An_uploaded_csv_appears_in_the_picker_and_trains()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("#upload summary");
        await page.SetInputFilesAsync("#upload-file", new FilePayload
        {
            Name = "hours.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("hours;score\n1;52\n2;55\n3;61\n4;64\n5;70\n"),
        });
        await Assertions.Expect(page.Locator("#upload-name")).ToHaveValueAsync("hours");
        await page.ClickAsync("#upload-button");
        await Assertions.Expect(page.Locator("#upload-message")).ToContainTextAsync("5 rows");
        await Assertions.Expect(page.Locator("#dataset option:checked")).ToContainTextAsync("hours");
        await Assertions.Expect(page.Locator("#dataset-preview")).ToHaveAttributeAsync("data-points", "5");

        await page.SelectOptionAsync("select[name=loss]", "mse");
        await page.FillAsync("input[name=weights]", "");
        await page.FillAsync("input[name=lr]", "0.01");
        await page.FillAsync("input[name=epochs]", "50");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-points", "5");
    }

    [Fact]
    public async Task A_bad_upload_says_which_line_is_wrong()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("#upload summary");
        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "bad.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("x,y\n1,2\n3,oops\n") });
        await page.ClickAsync("#upload-button");
        await Assertions.Expect(page.Locator("#upload-message")).ToContainTextAsync("Line 3, column 'y'");
    }

    [Fact]
    public async Task Generated_moons_train_with_logistic_regression()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.SelectOptionAsync("#dataset", "__generate");
        await Assertions.Expect(page.Locator("#generator")).ToBeVisibleAsync();
        await page.FillAsync("input[name=n]", "300");
        await page.FillAsync("input[name=seed]", "7");
        await page.SelectOptionAsync("select[name=model]", "logistic");
        await page.SelectOptionAsync("select[name=loss]", "bce");
        await page.FillAsync("input[name=weights]", "");
        await page.FillAsync("input[name=lr]", "0.5");
        await page.FillAsync("input[name=epochs]", "100");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");

        // Two features: the decision boundary is drawn instead of a fit over one x.
        await Assertions.Expect(page.Locator("#boundary-chart")).ToHaveAttributeAsync("data-cells", "2500");
        await Assertions.Expect(page.Locator("#boundary-chart")).ToHaveAttributeAsync("data-epoch", "100");
        await Assertions.Expect(page.Locator("[data-view=fit]")).ToBeHiddenAsync();

        // Reopening the link shows the same generator settings.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#dataset")).ToHaveValueAsync("__generate");
        await Assertions.Expect(page.Locator("input[name=seed]")).ToHaveValueAsync("7");
    }
}
