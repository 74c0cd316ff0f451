-- Question: What do the claimed fatal incidents look like in UCDP GED's shape, to append to GED?
--
-- GED's unit: an event with at least one death. The rows of to_ged_all
-- whose derived best estimate is at least one death (lethal), in the same
-- columns: the 49 of the UCDP GED event file in GED's order, then the claim
-- columns. Every rule (integer id, sides, deaths split, precision, the
-- UCDP ids left empty) is in to_ged_all's header; `karabakh-data export
-- --format ucdp-ged --all` adds the non-fatal rows, flagged lethal = false.
CREATE OR REPLACE VIEW to_ucdp_ged AS
SELECT * FROM to_ged_all WHERE lethal;
