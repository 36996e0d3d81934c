using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gavel.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuctionImages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuctionImages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuctionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SellerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OriginalKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OriginalFormat = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    OriginalBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    PerceptualHash = table.Column<long>(type: "INTEGER", nullable: false),
                    VariantsJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    QualityJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuctionImages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuctionImages_Auctions_AuctionId",
                        column: x => x.AuctionId,
                        principalTable: "Auctions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImageFlags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ImageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuctionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SellerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MatchedImageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MatchedAuctionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MatchedSellerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Distance = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImageFlags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImageFlags_AuctionImages_ImageId",
                        column: x => x.ImageId,
                        principalTable: "AuctionImages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ImageFlags_AuctionImages_MatchedImageId",
                        column: x => x.MatchedImageId,
                        principalTable: "AuctionImages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuctionImages_AuctionId_Position",
                table: "AuctionImages",
                columns: new[] { "AuctionId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_AuctionImages_SellerId",
                table: "AuctionImages",
                column: "SellerId");

            migrationBuilder.CreateIndex(
                name: "IX_AuctionImages_Status_CreatedAt",
                table: "AuctionImages",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ImageFlags_CreatedAt",
                table: "ImageFlags",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ImageFlags_ImageId_MatchedImageId",
                table: "ImageFlags",
                columns: new[] { "ImageId", "MatchedImageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImageFlags_MatchedImageId",
                table: "ImageFlags",
                column: "MatchedImageId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImageFlags");

            migrationBuilder.DropTable(
                name: "AuctionImages");
        }
    }
}
