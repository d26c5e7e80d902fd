package dev.dendrite.cli;

import dev.dendrite.train.History;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Draws the training and validation curves (loss above, accuracy below when the
 * task has one) into a PNG with JFreeChart, written atomically.
 */
final class Chart {
    private Chart() {
    }

    static void write(History h, Path png, String title) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection losses = new XYSeriesCollection();
        XYSeriesCollection accuracies = new XYSeriesCollection();
        XYSeries trainLoss = new XYSeries("training loss");
        XYSeries valLoss = new XYSeries("validation loss");
        XYSeries trainAcc = new XYSeries("training accuracy");
        XYSeries valAcc = new XYSeries("validation accuracy");
        for (History.Epoch e : h.epochs()) {
            add(trainLoss, e.epoch(), e.trainLoss());
            add(valLoss, e.epoch(), e.validationLoss());
            add(trainAcc, e.epoch(), e.trainAccuracy());
            add(valAcc, e.epoch(), e.validationAccuracy());
        }
        addIfAny(losses, trainLoss);
        addIfAny(losses, valLoss);
        addIfAny(accuracies, trainAcc);
        addIfAny(accuracies, valAcc);
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(subplot(losses, "loss"), 1);
        if (accuracies.getSeriesCount() > 0) {
            NumberAxis accAxis = new NumberAxis("accuracy");
            accAxis.setAutoRangeIncludesZero(false);
            XYPlot acc = subplot(accuracies, "accuracy");
            acc.setRangeAxis(accAxis);
            plot.add(acc, 1);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        BufferedImage image = chart.createBufferedImage(900, 600);
        // ImageIO's default file cache writes a temporary file that a shutdown thread
        // ("StreamCloser") closes, and on a full disk that thread died with a stack trace;
        // an in-memory cache keeps every failure on this thread, where it is reported
        ImageIO.setUseCache(false);
        Output.bytes(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG encoder available");
            }
        });
    }

    private static XYPlot subplot(XYSeriesCollection data, String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        // training in blue, validation in orange, in both panels
        r.setSeriesPaint(0, new java.awt.Color(31, 119, 180));
        r.setSeriesPaint(1, new java.awt.Color(255, 127, 14));
        r.setSeriesStroke(0, new java.awt.BasicStroke(2f));
        r.setSeriesStroke(1, new java.awt.BasicStroke(2f));
        XYPlot plot = new XYPlot(data, null, axis, r);
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        return plot;
    }

    private static void add(XYSeries s, int x, double y) {
        if (Double.isFinite(y)) {
            s.add(x, y);
        }
    }

    private static void addIfAny(XYSeriesCollection c, XYSeries s) {
        if (s.getItemCount() > 0) {
            c.addSeries(s);
        }
    }
}
