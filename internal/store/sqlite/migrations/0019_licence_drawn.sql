-- What each licence has had drawn, kept with every change of a
-- declaration's drawdown: a lodging reads one row where it summed every
-- draw the licence ever had (the cost grew with the licence's use).
CREATE TABLE licence_drawn (
	licence_no TEXT NOT NULL PRIMARY KEY,
	grams BIGINT NOT NULL
);
INSERT INTO licence_drawn (licence_no, grams)
	SELECT licence_no, SUM(grams) FROM licence_drawdowns GROUP BY licence_no;
