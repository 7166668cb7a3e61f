using System.Net;
using System.Text;
using ActorRpc.Actors.Router;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// Answers for ASF's wiki pages (<c>GET /Api/WWW/GitHub/Wiki/Page/{page}</c>), which ASF-ui reads as HTML. There is no ASF
/// wiki here; two pages are written from the node itself in the shape ASF-ui parses:
/// <list type="bullet">
/// <item><c>Commands</c>: a table of this node's commands (built-in and loaded plugins'), which the Commands page offers
/// as completions: a heading in a <c>markdown-heading</c> block, then a table whose cells are separated by new lines.</item>
/// <item><c>Configuration</c>: one <c>&lt;h3&gt;&lt;code&gt;Field&lt;/code&gt;&lt;/h3&gt;</c> per field of the bot
/// configuration and of what the node shows as ASF's global config, followed by its description up to an
/// <c>&lt;hr&gt;</c>: the config editors' help texts.</item>
/// </list>
/// Any other page is one line saying where the node is described. A localised page (<c>Commands-de-DE</c>) is the same page.
/// </summary>
internal static class WikiPages
{
    /// <summary>Every field the config editors show, with its help text (a test checks none is missing).</summary>
    public static IReadOnlyDictionary<string, string> FieldHelp { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Enabled"] = "Whether the node starts this bot when it reads its configuration file.",
        ["SteamOwnerID"] = "The node's owner id (actorrpc.ipc.owner-id). While it is 0, commands are refused (503).",
        ["IPCPasswordFormat"] = "How actorrpc.ipc.password is given: 0 as plain text, 2 as a PBKDF2 hash.",
        ["UpdateChannel"] = "Always 0: a node takes no ASF updates, it is updated by deploying a new build.",
        ["Headless"] = "Always true: a node reads no console input.",
        ["IPC"] = "Always true: this page is served by the node's IPC server.",
    };

    private const string Elsewhere =
        "<p>ActorRpc has no ASF wiki: its configuration is described in the node's README and hocon/actorrpc.conf.</p>";

    /// <summary>The HTML of <paramref name="page"/> for the node whose routing table is <paramref name="table"/>.</summary>
    public static string Of(string page, RoutingTable table)
    {
        var name = page.Split('-', 2)[0];
        return name.Equals("Commands", StringComparison.OrdinalIgnoreCase) ? Commands(table)
            : name.Equals("Configuration", StringComparison.OrdinalIgnoreCase) ? Configuration()
            : Elsewhere;
    }

    private static string Commands(RoutingTable table)
    {
        var html = new StringBuilder("<div class=\"markdown-heading\"><h2>Commands</h2></div>\n<table>\n<thead><tr><th>Command</th><th>Access</th><th>Description</th></tr></thead>\n<tbody>\n");
        foreach (var command in BuiltInCommands.All)
        {
            Row(html, command.Usage, command.Help);
        }
        foreach (var command in table.Commands.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
        {
            Row(html, command.Name, $"{command.Help} (plugin {command.Plugin.Name})");
        }
        return html.Append("</tbody>\n</table>\n").ToString();

        // Cells on their own lines: ASF-ui splits a row's text at new lines into command, access, description.
        static void Row(StringBuilder html, string usage, string help) =>
            html.Append("<tr>\n<td><code>").Append(Text(usage)).Append("</code></td>\n<td>Owner</td>\n<td>").Append(Text(help)).Append("</td>\n</tr>\n");
    }

    private static string Configuration()
    {
        var html = new StringBuilder("<div class=\"markdown-heading\"><h2>Configuration</h2></div>\n").Append(Elsewhere).Append('\n');
        foreach (var (field, help) in FieldHelp)
        {
            html.Append("<div class=\"markdown-heading\"><h3><code>").Append(field).Append("</code></h3></div>\n<p>").Append(Text(help)).Append("</p>\n<hr>\n");
        }
        return html.ToString();
    }

    /// <summary>Text for HTML, on one line (a plugin's help could carry a new line, which would split a table row).</summary>
    private static string Text(string text) => WebUtility.HtmlEncode(text.ReplaceLineEndings(" "));
}
