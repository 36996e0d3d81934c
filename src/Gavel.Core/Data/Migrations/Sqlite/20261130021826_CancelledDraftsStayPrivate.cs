using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gavel.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CancelledDraftsStayPrivate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CancelledWhileDraft",
                table: "Auctions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Drafts cancelled before this column existed: their transition log says they went from Draft straight to Cancelled.
            migrationBuilder.Sql(
                """
                UPDATE "Auctions" SET "CancelledWhileDraft" = 1
                WHERE "Status" = 'Cancelled'
                  AND EXISTS (SELECT 1 FROM "AuctionTransitions" t WHERE t."AuctionId" = "Auctions"."Id" AND t."From" = 'Draft' AND t."To" = 'Cancelled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CancelledWhileDraft",
                table: "Auctions");
        }
    }
}
