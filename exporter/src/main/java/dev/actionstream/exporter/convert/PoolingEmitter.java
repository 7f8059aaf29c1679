package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** DL4J's 2-D NCHW max pooling, undilated. */
final class PoolingEmitter implements LayerEmitter {

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        SubsamplingLayer p = (SubsamplingLayer) layer.conf();
        if (!f.isImages()) {
            throw layer.unsupported("pooling needs image input, receives " + f.layout());
        }
        if (p.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw layer.unsupported("only NCHW pooling is supported, found " + p.getCnn2dDataFormat());
        }
        int[] d = p.getDilation();
        if (d != null && (d[0] != 1 || d[1] != 1)) {
            throw layer.unsupported("dilated pooling is not supported");
        }
        return MaxPooling.emit(g, layer, p.getPoolingType(), p.getConvolutionMode(), p.getKernelSize(), p.getStride(),
                p.getPadding(), f);
    }
}
